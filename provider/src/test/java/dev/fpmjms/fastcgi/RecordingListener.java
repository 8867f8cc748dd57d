package dev.fpmjms.fastcgi;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Records what a parser reports; STDOUT/STDERR pieces are joined, so every feed mode agrees. */
final class RecordingListener implements FcgiResponseListener {

    final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    final List<String> events = new ArrayList<>();

    @Override
    public void onStdout(int requestId, ByteBuffer content) {
        copy(stdout, content);
        event("stdout " + requestId);
    }

    @Override
    public void onStderr(int requestId, ByteBuffer content) {
        copy(stderr, content);
        event("stderr " + requestId);
    }

    @Override
    public void onEndRequest(int requestId, int appStatus, FcgiProtocolStatus status) {
        events.add("end " + requestId + " " + appStatus + " " + status);
    }

    @Override
    public void onGetValuesResult(Map<String, String> values) {
        events.add("values " + values);
    }

    @Override
    public void onUnknownType(int unknownType) {
        events.add("unknown " + unknownType);
    }

    String stdoutText() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    String stderrText() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    /** Consecutive pieces of one stream count as one event. */
    private void event(String e) {
        if (events.isEmpty() || !events.get(events.size() - 1).equals(e)) {
            events.add(e);
        }
    }

    private static void copy(ByteArrayOutputStream to, ByteBuffer content) {
        byte[] b = new byte[content.remaining()];
        content.get(b);
        to.write(b, 0, b.length);
    }
}
