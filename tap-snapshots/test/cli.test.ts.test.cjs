/* IMPORTANT
 * This snapshot file is auto-generated, but designed for humans.
 * It should be checked into source control and tracked carefully.
 * Re-generate by setting TAP_SNAPSHOT=1 and running tests.
 * Make sure to inspect the output below.  Do not ignore changes!
 */
'use strict'
exports[`test/cli.test.ts > TAP > every command answers --help with its usage and exit 0, doing nothing else > streamgate check --help 1`] = `
decide one message offline and print the decision with each rule's answer

Usage: streamgate check [--config <file>] --nimble '<json>' | --adapter <name> --message '<json>' [--expect allow|deny|redirect]

`

exports[`test/cli.test.ts > TAP > every command answers --help with its usage and exit 0, doing nothing else > streamgate keys --help 1`] = `
create, rotate or revoke a stream's publish key in the configured store, or through the running server when the store is memory (the key is printed once)

Usage: streamgate keys create|rotate|revoke <name> [--config <file>]

`

exports[`test/cli.test.ts > TAP > every command answers --help with its usage and exit 0, doing nothing else > streamgate sign --help 1`] = `
print a signed playback URL (the signed-token rule's schemes)

Usage: streamgate sign --key <secret> [--kid k] --stream /live/stream/playlist.m3u8 --ttl 60 [--ip a.b.c.d [--ip-prefix 24]] [--viewer id] [--session id] [--scope /live/stream/* (nimble: a prefix such as live/str; default the stream folder)] [--base-url http://host] [--scheme native|nimble|nginx-secure-link|akamai|wowza] [--key-encoding utf8|hex|base64]  (the key may come from STREAMGATE_SIGNING_KEY instead of --key)

`

exports[`test/cli.test.ts > TAP > every command answers --help with its usage and exit 0, doing nothing else > streamgate start --help 1`] = `
serve a config (default: examples/config.yaml)

Usage: streamgate start [--config <file>]

`

exports[`test/cli.test.ts > TAP > streamgate --help lists every command with its usage > streamgate --help 1`] = `
Usage: streamgate <command> [options]

Commands:
  start    serve a config (default: examples/config.yaml)
           streamgate start [--config <file>]
  check    decide one message offline and print the decision with each rule's answer
           streamgate check [--config <file>] --nimble '<json>' | --adapter <name> --message '<json>' [--expect allow|deny|redirect]
  sign     print a signed playback URL (the signed-token rule's schemes)
           streamgate sign --key <secret> [--kid k] --stream /live/stream/playlist.m3u8 --ttl 60 [--ip a.b.c.d [--ip-prefix 24]] [--viewer id] [--session id] [--scope /live/stream/* (nimble: a prefix such as live/str; default the stream folder)] [--base-url http://host] [--scheme native|nimble|nginx-secure-link|akamai|wowza] [--key-encoding utf8|hex|base64]  (the key may come from STREAMGATE_SIGNING_KEY instead of --key)
  keys     create, rotate or revoke a stream's publish key in the configured store, or through the running server when the store is memory (the key is printed once)
           streamgate keys create|rotate|revoke <name> [--config <file>]

`

exports[`test/cli.test.ts > TAP > unknown commands, including names inherited from Object.prototype, exit 1 > unknown command 1`] = `
streamgate: unknown command "frobnicate"

Usage: streamgate <command> [options]

Commands:
  start    serve a config (default: examples/config.yaml)
           streamgate start [--config <file>]
  check    decide one message offline and print the decision with each rule's answer
           streamgate check [--config <file>] --nimble '<json>' | --adapter <name> --message '<json>' [--expect allow|deny|redirect]
  sign     print a signed playback URL (the signed-token rule's schemes)
           streamgate sign --key <secret> [--kid k] --stream /live/stream/playlist.m3u8 --ttl 60 [--ip a.b.c.d [--ip-prefix 24]] [--viewer id] [--session id] [--scope /live/stream/* (nimble: a prefix such as live/str; default the stream folder)] [--base-url http://host] [--scheme native|nimble|nginx-secure-link|akamai|wowza] [--key-encoding utf8|hex|base64]  (the key may come from STREAMGATE_SIGNING_KEY instead of --key)
  keys     create, rotate or revoke a stream's publish key in the configured store, or through the running server when the store is memory (the key is printed once)
           streamgate keys create|rotate|revoke <name> [--config <file>]

`
