<?php
// Writes REPLY_BYTES bytes: the 16-byte block "0123456789abcdef" repeated, then cut.
$n = (int) ($_SERVER['REPLY_BYTES'] ?? 0);
header('Content-Type: application/octet-stream');
$block = str_repeat('0123456789abcdef', 4096);
for ($left = $n; $left > 0; $left -= strlen($block)) {
    echo $left >= strlen($block) ? $block : substr($block, 0, $left);
}
