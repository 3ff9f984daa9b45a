package org.letterbox.examples.wildfly;

import jakarta.ejb.EJB;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.PrintWriter;

/** {@code GET /received}: what the MDB has received so far, one message per line. */
@WebServlet("/received")
public class ReceivedServlet extends HttpServlet {

    @EJB
    private Inbox inbox;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain;charset=UTF-8");
        PrintWriter out = response.getWriter();
        inbox.received().forEach(out::println);
    }
}
