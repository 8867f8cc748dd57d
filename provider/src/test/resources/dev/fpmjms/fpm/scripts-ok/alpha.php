<?php echo "alpha";
