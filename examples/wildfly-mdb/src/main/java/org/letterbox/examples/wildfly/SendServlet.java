package org.letterbox.examples.wildfly;

import jakarta.annotation.Resource;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * {@code POST /send?text=...}: sends {@code text} to the MDB's queue through the adapter's pooled connection
 * factory, bound by the WildFly configuration at {@code java:/jms/LetterboxCF}.
 */
@WebServlet("/send")
public class SendServlet extends HttpServlet {

    @Resource(lookup = "java:/jms/LetterboxCF")
    private ConnectionFactory connectionFactory;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String text = request.getParameter("text");
        response.setContentType("text/plain;charset=UTF-8");
        if (text == null) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "the 'text' parameter is missing");
            return;
        }
        // closing the context returns its connection to the pool
        try (JMSContext context = connectionFactory.createContext()) {
            context.createProducer().send(context.createQueue(OrderMdb.QUEUE), text);
        }
        response.getWriter().println("sent: " + text);
    }
}
