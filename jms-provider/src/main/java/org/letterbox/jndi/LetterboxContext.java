package org.letterbox.jndi;

import org.letterbox.jms.LetterboxQueue;
import org.letterbox.jms.LetterboxTopic;

import javax.naming.Binding;
import javax.naming.CompositeName;
import javax.naming.Context;
import javax.naming.InvalidNameException;
import javax.naming.Name;
import javax.naming.NameAlreadyBoundException;
import javax.naming.NameClassPair;
import javax.naming.NameNotFoundException;
import javax.naming.NameParser;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.NotContextException;
import javax.naming.OperationNotSupportedException;
import javax.naming.Reference;
import javax.naming.spi.NamingManager;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The flat, in-memory naming context that {@link LetterboxInitialContextFactory} returns.
 *
 * <ul>
 *   <li>Names are flat strings: {@code "jms/queue/orders"} is one key, not a path through subcontexts
 *       (there are none). A {@link Name} is joined with {@code '/'}.</li>
 *   <li>The prefixes {@code java:comp/env/} and {@code java:} (and slashes after it, as in
 *       {@code java:/ConnectionFactory}) are ignored, so code written for an application server finds the same
 *       objects.</li>
 *   <li>{@code dynamicQueues/NAME} and {@code dynamicTopics/NAME} look up a queue or topic with physical name
 *       {@code NAME} without any configuration (ActiveMQ convention), unless such a name was bound explicitly.</li>
 *   <li>{@code bind}, {@code rebind}, {@code unbind} and {@code rename} change the in-memory bindings, which are shared
 *       by this context and the contexts {@code lookup("")} returns, but not by other {@code InitialContext}s. A bound
 *       {@link Reference} is resolved through its object factory on lookup. Subcontexts are not supported.</li>
 *   <li>{@link #close()} releases nothing (there is nothing to release) and leaves the context usable.</li>
 * </ul>
 * Thread-safe.
 */
public final class LetterboxContext implements Context {

    public static final String DYNAMIC_QUEUES = "dynamicQueues/";
    public static final String DYNAMIC_TOPICS = "dynamicTopics/";

    private static final NameParser PARSER = CompositeName::new;

    private final ConcurrentNavigableMap<String, Object> bindings;
    private final Hashtable<Object, Object> environment;

    /** A context with a copy of {@code initialBindings} (names as given, after prefix stripping) and of {@code environment}. */
    public LetterboxContext(Map<String, ?> initialBindings, Hashtable<?, ?> environment) {
        this(new ConcurrentSkipListMap<>(), environment);
        initialBindings.forEach((name, value) -> bindings.put(normalize(name), value));
    }

    private LetterboxContext(ConcurrentNavigableMap<String, Object> sharedBindings, Hashtable<?, ?> environment) {
        this.bindings = sharedBindings;
        this.environment = environment == null ? new Hashtable<>() : new Hashtable<>(environment);
    }

    /** Strips {@code java:comp/env/} or {@code java:} (plus following slashes) from {@code name}. */
    static String normalize(String name) {
        String n = name;
        if (n.equals("java:comp/env") || n.startsWith("java:comp/env/")) {
            n = n.substring("java:comp/env".length());
        } else if (n.startsWith("java:")) {
            n = n.substring("java:".length());
        }
        if (n.length() != name.length()) {
            int i = 0;
            while (i < n.length() && n.charAt(i) == '/') {
                i++;
            }
            n = n.substring(i);
        }
        return n;
    }

    private static String key(Name name) throws NamingException {
        if (name == null) {
            throw new InvalidNameException("name is null");
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < name.size(); i++) {
            if (i > 0) {
                sb.append('/');
            }
            sb.append(name.get(i));
        }
        return normalize(sb.toString());
    }

    private static String key(String name) throws NamingException {
        if (name == null) {
            throw new InvalidNameException("name is null");
        }
        return normalize(name);
    }

    private static String bindableKey(String key, Object original) throws NamingException {
        if (key.isEmpty()) {
            throw new InvalidNameException("cannot bind to the empty name '" + original + "'");
        }
        return key;
    }

    // ------------------------------------------------------------------ lookup

    @Override
    public Object lookup(Name name) throws NamingException {
        return lookupKey(key(name), name);
    }

    @Override
    public Object lookup(String name) throws NamingException {
        return lookupKey(key(name), name);
    }

    private Object lookupKey(String key, Object original) throws NamingException {
        if (key.isEmpty()) {
            return new LetterboxContext(bindings, environment);
        }
        Object value = bindings.get(key);
        if (value != null) {
            return resolve(key, value);
        }
        if (key.startsWith(DYNAMIC_QUEUES) && key.length() > DYNAMIC_QUEUES.length()) {
            return new LetterboxQueue(key.substring(DYNAMIC_QUEUES.length()));
        }
        if (key.startsWith(DYNAMIC_TOPICS) && key.length() > DYNAMIC_TOPICS.length()) {
            return new LetterboxTopic(key.substring(DYNAMIC_TOPICS.length()));
        }
        NameNotFoundException e = new NameNotFoundException("'" + original + "' is not bound (bound names: "
                + bindings.keySet() + "; dynamicQueues/NAME and dynamicTopics/NAME also work)");
        e.setRemainingName(new CompositeName().add(key));
        throw e;
    }

    private Object resolve(String key, Object value) throws NamingException {
        if (!(value instanceof Reference)) {
            return value;
        }
        try {
            return NamingManager.getObjectInstance(value, new CompositeName().add(key), this, environment);
        } catch (NamingException e) {
            throw e;
        } catch (Exception e) {
            NamingException ne = new NamingException("cannot resolve the reference bound to '" + key + "': " + e);
            ne.setRootCause(e);
            throw ne;
        }
    }

    @Override
    public Object lookupLink(Name name) throws NamingException {
        return lookup(name);
    }

    @Override
    public Object lookupLink(String name) throws NamingException {
        return lookup(name);
    }

    // ------------------------------------------------------------------ binding

    @Override
    public void bind(Name name, Object obj) throws NamingException {
        bindKey(bindableKey(key(name), name), obj);
    }

    @Override
    public void bind(String name, Object obj) throws NamingException {
        bindKey(bindableKey(key(name), name), obj);
    }

    private void bindKey(String key, Object obj) throws NamingException {
        if (bindings.putIfAbsent(key, nonNull(obj)) != null) {
            throw new NameAlreadyBoundException("'" + key + "' is already bound; use rebind to replace it");
        }
    }

    @Override
    public void rebind(Name name, Object obj) throws NamingException {
        bindings.put(bindableKey(key(name), name), nonNull(obj));
    }

    @Override
    public void rebind(String name, Object obj) throws NamingException {
        bindings.put(bindableKey(key(name), name), nonNull(obj));
    }

    private static Object nonNull(Object obj) throws NamingException {
        if (obj == null) {
            throw new OperationNotSupportedException("cannot bind null");
        }
        return obj;
    }

    /** Removes the binding; succeeds also when the name is not bound (as {@link Context#unbind} requires). */
    @Override
    public void unbind(Name name) throws NamingException {
        bindings.remove(bindableKey(key(name), name));
    }

    @Override
    public void unbind(String name) throws NamingException {
        bindings.remove(bindableKey(key(name), name));
    }

    @Override
    public void rename(Name oldName, Name newName) throws NamingException {
        renameKeys(bindableKey(key(oldName), oldName), bindableKey(key(newName), newName));
    }

    @Override
    public void rename(String oldName, String newName) throws NamingException {
        renameKeys(bindableKey(key(oldName), oldName), bindableKey(key(newName), newName));
    }

    private void renameKeys(String from, String to) throws NamingException {
        synchronized (bindings) {
            Object value = bindings.get(from);
            if (value == null) {
                throw new NameNotFoundException("'" + from + "' is not bound");
            }
            if (bindings.putIfAbsent(to, value) != null) {
                throw new NameAlreadyBoundException("'" + to + "' is already bound");
            }
            bindings.remove(from, value);
        }
    }

    // ------------------------------------------------------------------ listing

    @Override
    public NamingEnumeration<NameClassPair> list(Name name) throws NamingException {
        checkRoot(key(name), name);
        return listRoot();
    }

    @Override
    public NamingEnumeration<NameClassPair> list(String name) throws NamingException {
        checkRoot(key(name), name);
        return listRoot();
    }

    private NamingEnumeration<NameClassPair> listRoot() {
        List<NameClassPair> pairs = new ArrayList<>();
        for (Map.Entry<String, Object> e : bindings.entrySet()) {
            pairs.add(new NameClassPair(e.getKey(), className(e.getValue()), true));
        }
        return new ListEnumeration<>(pairs);
    }

    @Override
    public NamingEnumeration<Binding> listBindings(Name name) throws NamingException {
        checkRoot(key(name), name);
        return listBindingsRoot();
    }

    @Override
    public NamingEnumeration<Binding> listBindings(String name) throws NamingException {
        checkRoot(key(name), name);
        return listBindingsRoot();
    }

    private NamingEnumeration<Binding> listBindingsRoot() throws NamingException {
        List<Binding> result = new ArrayList<>();
        for (Map.Entry<String, Object> e : bindings.entrySet()) {
            Object value = resolve(e.getKey(), e.getValue());
            result.add(new Binding(e.getKey(), value.getClass().getName(), value, true));
        }
        return new ListEnumeration<>(result);
    }

    private static String className(Object value) {
        return value instanceof Reference ref ? ref.getClassName() : value.getClass().getName();
    }

    private void checkRoot(String key, Object original) throws NamingException {
        if (key.isEmpty()) {
            return;
        }
        if (bindings.containsKey(key) || isDynamicName(key)) {
            throw new NotContextException("'" + original + "' is not a context (this namespace is flat; list \"\")");
        }
        throw new NameNotFoundException("'" + original + "' is not bound");
    }

    private static boolean isDynamicName(String key) {
        return (key.startsWith(DYNAMIC_QUEUES) && key.length() > DYNAMIC_QUEUES.length())
                || (key.startsWith(DYNAMIC_TOPICS) && key.length() > DYNAMIC_TOPICS.length());
    }

    // ------------------------------------------------------------------ subcontexts (none)

    @Override
    public void destroySubcontext(Name name) throws NamingException {
        throw new OperationNotSupportedException("subcontexts are not supported (flat namespace)");
    }

    @Override
    public void destroySubcontext(String name) throws NamingException {
        throw new OperationNotSupportedException("subcontexts are not supported (flat namespace)");
    }

    @Override
    public Context createSubcontext(Name name) throws NamingException {
        throw new OperationNotSupportedException("subcontexts are not supported (flat namespace)");
    }

    @Override
    public Context createSubcontext(String name) throws NamingException {
        throw new OperationNotSupportedException("subcontexts are not supported (flat namespace)");
    }

    // ------------------------------------------------------------------ names and environment

    @Override
    public NameParser getNameParser(Name name) {
        return PARSER;
    }

    @Override
    public NameParser getNameParser(String name) {
        return PARSER;
    }

    @Override
    public Name composeName(Name name, Name prefix) throws NamingException {
        Name result = (Name) prefix.clone();
        return result.addAll(name);
    }

    @Override
    public String composeName(String name, String prefix) {
        return prefix == null || prefix.isEmpty() ? name : prefix + "/" + name;
    }

    @Override
    public Object addToEnvironment(String propName, Object propVal) {
        return environment.put(propName, propVal);
    }

    @Override
    public Object removeFromEnvironment(String propName) {
        return environment.remove(propName);
    }

    /** A copy of this context's environment. */
    @Override
    public Hashtable<?, ?> getEnvironment() {
        return new Hashtable<>(environment);
    }

    @Override
    public void close() {
        // nothing to release: the bindings are plain objects in memory
    }

    @Override
    public String getNameInNamespace() {
        return "";
    }

    @Override
    public String toString() {
        return "LetterboxContext" + bindings.keySet();
    }

    private static final class ListEnumeration<T> implements NamingEnumeration<T> {
        private Iterator<T> iterator;

        ListEnumeration(List<T> items) {
            this.iterator = items.iterator();
        }

        @Override
        public T next() {
            return nextElement();
        }

        @Override
        public boolean hasMore() {
            return hasMoreElements();
        }

        @Override
        public void close() {
            iterator = java.util.Collections.emptyIterator();
        }

        @Override
        public boolean hasMoreElements() {
            return iterator.hasNext();
        }

        @Override
        public T nextElement() {
            if (!iterator.hasNext()) {
                throw new NoSuchElementException();
            }
            return iterator.next();
        }
    }
}
