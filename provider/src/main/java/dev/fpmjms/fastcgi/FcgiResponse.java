package dev.fpmjms.fastcgi;

import java.util.Objects;

/**
 * The complete response to one FastCGI request, as a {@link FcgiResponseAssembler} collected it.
 *
 * <p>The arrays are handed over, not copied: the response owns them, and nobody may modify
 * them. {@code equals} compares the arrays by identity, as records do.
 *
 * @param stdout          everything the worker wrote to STDOUT: the CGI head and the body
 * @param stderr          what it wrote to STDERR, at most the assembler's limit
 * @param stderrTruncated STDERR went over the limit and was cut to it
 * @param appStatus       the application status of END_REQUEST
 * @param protocolStatus  the protocol status of END_REQUEST
 */
public record FcgiResponse(byte[] stdout, byte[] stderr, boolean stderrTruncated, int appStatus,
        FcgiProtocolStatus protocolStatus) {

    public FcgiResponse {
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        Objects.requireNonNull(protocolStatus, "protocolStatus");
    }

    @Override
    public String toString() {
        return "FcgiResponse[stdout=" + stdout.length + " bytes, stderr=" + stderr.length
                + " bytes" + (stderrTruncated ? " (truncated)" : "") + ", appStatus=" + appStatus
                + ", protocolStatus=" + protocolStatus + "]";
    }
}
