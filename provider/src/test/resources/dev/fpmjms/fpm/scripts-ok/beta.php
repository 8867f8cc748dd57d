<?php echo "beta";
