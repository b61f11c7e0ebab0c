<?php
// PHP-FPM's side of bench/peers.sh: the same answer as the demo's GET /hello.
header('Content-Type: text/plain');
echo 'hello';
