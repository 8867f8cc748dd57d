<?php
usleep(min(5000, (int) ($_SERVER['SLEEP_MS'] ?? 0)) * 1000);
echo "slept";
