<?php
echo "before";
fpmjms_no_such_function();
