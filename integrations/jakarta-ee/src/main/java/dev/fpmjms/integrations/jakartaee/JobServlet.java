package dev.fpmjms.integrations.jakartaee;

import jakarta.ejb.EJB;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code POST /jobs} (body: text; {@code ?via=bean} for the bean-made factory) answers with the PHP
 * worker's reply, or {@code 504} when none comes within 10 s. {@code GET /jobs} describes the
 * injected resources.
 */
@WebServlet("/jobs")
public class JobServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final long REPLY_TIMEOUT_MILLIS = 10_000;

    @EJB
    private transient JobService jobs;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().println(jobs.describe());
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String text = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Optional<String> answer = jobs.submit(text, "bean".equals(request.getParameter("via")), REPLY_TIMEOUT_MILLIS);
        if (answer.isEmpty()) {
            response.sendError(HttpServletResponse.SC_GATEWAY_TIMEOUT, "no answer from PHP within " + REPLY_TIMEOUT_MILLIS + " ms");
            return;
        }
        response.setContentType("application/json;charset=UTF-8");
        response.getWriter().write(answer.get());
    }
}
