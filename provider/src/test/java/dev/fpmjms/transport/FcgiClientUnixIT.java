package dev.fpmjms.transport;

import dev.fpmjms.fpm.EmbeddedPhpFpm;

class FcgiClientUnixIT extends FcgiClientContract {
    @Override
    EmbeddedPhpFpm.Listen listen() {
        return EmbeddedPhpFpm.Listen.UNIX;
    }
}
