/* IMPORTANT
 * This snapshot file is auto-generated, but designed for humans.
 * It should be checked into source control and tracked carefully.
 * Re-generate by setting TAP_SNAPSHOT=1 and running tests.
 * Make sure to inspect the output below.  Do not ignore changes!
 */
'use strict'
exports[`test/plugins/explain.test.ts > TAP > explain's output for each adapter, allowed, denied and refused, is stable (snapshot) > nginx auth_request allowed 1`] = `
Object {
  "adapter": "nginx-auth-request",
  "decision": Object {
    "outcome": "allow",
    "policy": "test",
    "reason": "protocol-allowed",
    "rule": "protocol",
  },
  "request": Object {
    "action": "play",
    "host": "media.example.com",
    "ip": "198.51.100.7",
    "protocol": "HLS",
    "referer": "",
    "sessionId": "",
    "url": Object {
      "app": "live",
      "href": "http://media.example.com/live/cam/index.m3u8?token=x",
      "path": "/live/cam/index.m3u8",
      "query": Object {
        "token": "x",
      },
      "stream": "cam",
    },
    "userAgent": "Mozilla/5.0",
  },
  "trace": Array [
    Object {
      "outcome": "abstain",
      "reason": "ip-no-match",
      "rule": "ip-range",
    },
    Object {
      "outcome": "abstain",
      "reason": "user-agent-no-match",
      "rule": "user-agent",
    },
    Object {
      "outcome": "allow",
      "reason": "protocol-allowed",
      "rule": "protocol",
    },
  ],
}
`

exports[`test/plugins/explain.test.ts > TAP > explain's output for each adapter, allowed, denied and refused, is stable (snapshot) > nginx auth_request denied by user agent 1`] = `
Object {
  "adapter": "nginx-auth-request",
  "decision": Object {
    "outcome": "deny",
    "policy": "test",
    "reason": "user-agent-denied",
    "rule": "user-agent",
  },
  "request": Object {
    "action": "play",
    "host": "",
    "ip": "198.51.100.7",
    "protocol": "HLS",
    "referer": "",
    "sessionId": "",
    "url": Object {
      "app": "live",
      "href": "http://localhost/live/cam/index.m3u8",
      "path": "/live/cam/index.m3u8",
      "query": Object {},
      "stream": "cam",
    },
    "userAgent": "curl/8.5.0",
  },
  "trace": Array [
    Object {
      "outcome": "abstain",
      "reason": "ip-no-match",
      "rule": "ip-range",
    },
    Object {
      "outcome": "deny",
      "reason": "user-agent-denied",
      "rule": "user-agent",
    },
  ],
}
`

exports[`test/plugins/explain.test.ts > TAP > explain's output for each adapter, allowed, denied and refused, is stable (snapshot) > nginx auth_request refused 1`] = `
Object {
  "adapter": "nginx-auth-request",
  "decision": Object {
    "outcome": "deny",
    "policy": "none",
    "reason": "no-original-uri",
    "rule": "adapter",
  },
  "trace": Array [],
}
`

exports[`test/plugins/explain.test.ts > TAP > explain's output for each adapter, allowed, denied and refused, is stable (snapshot) > nginx-rtmp connect is not explained 1`] = `
Object {
  "adapter": "nginx-rtmp",
  "decision": Object {
    "outcome": "deny",
    "policy": "none",
    "reason": "not-a-play-or-publish-hook",
    "rule": "adapter",
  },
  "trace": Array [],
}
`

exports[`test/plugins/explain.test.ts > TAP > explain's output for each adapter, allowed, denied and refused, is stable (snapshot) > nginx-rtmp play allowed 1`] = `
Object {
  "adapter": "nginx-rtmp",
  "decision": Object {
    "outcome": "allow",
    "policy": "test",
    "reason": "protocol-allowed",
    "rule": "protocol",
  },
  "request": Object {
    "action": "play",
    "host": "media.example.com",
    "ip": "198.51.100.7",
    "protocol": "RTMP",
    "referer": "",
    "sessionId": "7@198.51.100.7~v-mwD79xEph0SKaB",
    "url": Object {
      "app": "live",
      "href": "rtmp://media.example.com/live/cam",
      "path": "/live/cam",
      "query": Object {},
      "stream": "cam",
    },
    "userAgent": "LNX 9,0,124,2",
  },
  "trace": Array [
    Object {
      "outcome": "abstain",
      "reason": "ip-no-match",
      "rule": "ip-range",
    },
    Object {
      "outcome": "abstain",
      "reason": "user-agent-no-match",
      "rule": "user-agent",
    },
    Object {
      "outcome": "allow",
      "reason": "protocol-allowed",
      "rule": "protocol",
    },
  ],
}
`

exports[`test/plugins/explain.test.ts > TAP > explain's output for each adapter, allowed, denied and refused, is stable (snapshot) > nginx-rtmp play denied 1`] = `
Object {
  "adapter": "nginx-rtmp",
  "decision": Object {
    "outcome": "deny",
    "policy": "test",
    "reason": "ip-denied",
    "rule": "ip-range",
  },
  "request": Object {
    "action": "play",
    "host": "media.example.com",
    "ip": "203.0.113.9",
    "protocol": "RTMP",
    "referer": "",
    "sessionId": "7@203.0.113.9~wVc7mkqRExCrNl_x",
    "url": Object {
      "app": "live",
      "href": "rtmp://media.example.com/live/cam",
      "path": "/live/cam",
      "query": Object {},
      "stream": "cam",
    },
    "userAgent": "LNX 9,0,124,2",
  },
  "trace": Array [
    Object {
      "outcome": "deny",
      "reason": "ip-denied",
      "rule": "ip-range",
    },
  ],
}
`

exports[`test/plugins/explain.test.ts > TAP > explain's output for each adapter, allowed, denied and refused, is stable (snapshot) > nginx-rtmp publish decided by the publish policy 1`] = `
Object {
  "adapter": "nginx-rtmp",
  "decision": Object {
    "outcome": "deny",
    "policy": "publishers",
    "reason": "unknown-key",
    "rule": "stream-key",
  },
  "request": Object {
    "action": "publish",
    "host": "media.example.com",
    "ip": "198.51.100.7",
    "protocol": "RTMP",
    "referer": "",
    "sessionId": "7@198.51.100.7~v-mwD79xEph0SKaB",
    "url": Object {
      "app": "live",
      "href": "rtmp://media.example.com/live",
      "path": "/live",
      "query": Object {},
      "stream": "",
    },
    "userAgent": "LNX 9,0,124,2",
  },
  "trace": Array [
    Object {
      "outcome": "deny",
      "reason": "unknown-key",
      "rule": "stream-key",
    },
  ],
}
`

exports[`test/plugins/explain.test.ts > TAP > explain's output for each adapter, allowed, denied and refused, is stable (snapshot) > nimble allowed 1`] = `
Object {
  "adapter": "nimble",
  "decision": Object {
    "outcome": "allow",
    "policy": "test",
    "reason": "protocol-allowed",
    "rule": "protocol",
  },
  "request": Object {
    "action": "play",
    "host": "media.example.com",
    "ip": "198.51.100.7",
    "protocol": "HLS",
    "referer": "https://www.example.com/watch",
    "sessionId": "1000",
    "url": Object {
      "app": "live",
      "href": "http://media.example.com/live/stream/playlist.m3u8",
      "path": "/live/stream/playlist.m3u8",
      "query": Object {},
      "stream": "stream",
    },
    "userAgent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
  },
  "trace": Array [
    Object {
      "outcome": "abstain",
      "reason": "ip-no-match",
      "rule": "ip-range",
    },
    Object {
      "outcome": "abstain",
      "reason": "user-agent-no-match",
      "rule": "user-agent",
    },
    Object {
      "outcome": "allow",
      "reason": "protocol-allowed",
      "rule": "protocol",
    },
  ],
}
`

exports[`test/plugins/explain.test.ts > TAP > explain's output for each adapter, allowed, denied and refused, is stable (snapshot) > nimble denied by address 1`] = `
Object {
  "adapter": "nimble",
  "decision": Object {
    "outcome": "deny",
    "policy": "test",
    "reason": "ip-denied",
    "rule": "ip-range",
  },
  "request": Object {
    "action": "play",
    "host": "media.example.com",
    "ip": "203.0.113.9",
    "protocol": "HLS",
    "referer": "https://www.example.com/watch",
    "sessionId": "1000",
    "url": Object {
      "app": "live",
      "href": "http://media.example.com/live/stream/playlist.m3u8",
      "path": "/live/stream/playlist.m3u8",
      "query": Object {},
      "stream": "stream",
    },
    "userAgent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
  },
  "trace": Array [
    Object {
      "outcome": "deny",
      "reason": "ip-denied",
      "rule": "ip-range",
    },
  ],
}
`

exports[`test/plugins/explain.test.ts > TAP > explain's output for each adapter, allowed, denied and refused, is stable (snapshot) > nimble denied by protocol 1`] = `
Object {
  "adapter": "nimble",
  "decision": Object {
    "outcome": "deny",
    "policy": "test",
    "reason": "protocol-not-allowed",
    "rule": "protocol",
  },
  "request": Object {
    "action": "play",
    "host": "media.example.com",
    "ip": "198.51.100.7",
    "protocol": "DASH",
    "referer": "https://www.example.com/watch",
    "sessionId": "1000",
    "url": Object {
      "app": "live",
      "href": "http://media.example.com/live/cam/manifest.mpd",
      "path": "/live/cam/manifest.mpd",
      "query": Object {},
      "stream": "cam",
    },
    "userAgent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
  },
  "trace": Array [
    Object {
      "outcome": "abstain",
      "reason": "ip-no-match",
      "rule": "ip-range",
    },
    Object {
      "outcome": "abstain",
      "reason": "user-agent-no-match",
      "rule": "user-agent",
    },
    Object {
      "outcome": "deny",
      "reason": "protocol-not-allowed",
      "rule": "protocol",
    },
  ],
}
`

exports[`test/plugins/explain.test.ts > TAP > explain's output for each adapter, allowed, denied and refused, is stable (snapshot) > nimble refused 1`] = `
Object {
  "adapter": "nimble",
  "decision": Object {
    "outcome": "deny",
    "policy": "none",
    "reason": "invalid-message",
    "rule": "adapter",
  },
  "trace": Array [],
}
`
