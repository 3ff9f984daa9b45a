package org.letterbox.ra.wildfly;

import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * {@code POST /send?queue=..&text=..&outcome=COMMIT|ROLLBACK_ONLY|THROW}: calls {@link XaSenderBean} (no transaction
 * here, so the bean's REQUIRED starts one) and answers how the call ended: {@code returned} or {@code threw}.
 */
@WebServlet("/send")
public class XaSendServlet extends HttpServlet {

    @EJB
    private XaSenderBean sender;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        XaSenderBean.Outcome outcome = XaSenderBean.Outcome.valueOf(request.getParameter("outcome"));
        String result;
        try {
            sender.send(request.getParameter("queue"), request.getParameter("text"), outcome);
            result = "returned";
        } catch (EJBException e) {
            result = "threw";
        }
        response.setContentType("text/plain");
        response.getWriter().print(result);
    }
}
