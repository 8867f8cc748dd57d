<?php
// A plain FastCGI worker for the client that stands in for nginx: sleeps SLEEP_MS (at most 5 s),
// appends its pid to HOLD_FILE first when given (so a test can see the child has the request).
if (isset($_SERVER['HOLD_FILE'])) {
    file_put_contents($_SERVER['HOLD_FILE'], getmypid() . "\n", FILE_APPEND | LOCK_EX);
}
usleep(min(5000, (int) ($_SERVER['SLEEP_MS'] ?? 0)) * 1000);
echo getmypid();
