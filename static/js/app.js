// Allies Notes: small enhancements on top of plain forms and htmx.
// No inline handlers anywhere (the CSP forbids them): behaviour is wired here.
"use strict";
