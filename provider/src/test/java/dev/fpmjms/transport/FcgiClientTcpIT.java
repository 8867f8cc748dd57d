package dev.fpmjms.transport;

import dev.fpmjms.fpm.EmbeddedPhpFpm;

class FcgiClientTcpIT extends FcgiClientContract {
    @Override
    EmbeddedPhpFpm.Listen listen() {
        return EmbeddedPhpFpm.Listen.TCP;
    }
}
