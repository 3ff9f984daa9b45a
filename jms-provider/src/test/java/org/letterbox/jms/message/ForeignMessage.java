package org.letterbox.jms.message;

import jakarta.jms.Message;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * Another provider's message, as far as Letterbox can tell: an object that implements only the JMS
 * interface (never LetterboxMessage). It keeps its state in a Letterbox message, except for the
 * method results given in {@code answers} (by method name), e.g. a foreign destination.
 */
final class ForeignMessage implements InvocationHandler {
    private final Message state;
    private final Map<String, Object> answers;

    private ForeignMessage(Message state, Map<String, Object> answers) {
        this.state = state;
        this.answers = answers;
    }

    static <T extends Message> T of(Class<T> api, Message state, Map<String, Object> answers) {
        return api.cast(Proxy.newProxyInstance(ForeignMessage.class.getClassLoader(), new Class<?>[]{api},
                new ForeignMessage(state, answers)));
    }

    static <T extends Message> T of(Class<T> api, Message state) {
        return of(api, state, Map.of());
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (answers.containsKey(method.getName())) {
            return answers.get(method.getName());
        }
        try {
            return method.invoke(state, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
