/* IMPORTANT
 * This snapshot file is auto-generated, but designed for humans.
 * It should be checked into source control and tracked carefully.
 * Re-generate by setting TAP_SNAPSHOT=1 and running tests.
 * Make sure to inspect the output below.  Do not ignore changes!
 */
'use strict'
exports[`test/plugins/openapi.test.ts > TAP > the OpenAPI document with every adapter and API enabled is stable (snapshot) > openapi.json 1`] = `
Object {
  "components": Object {
    "schemas": Object {
      "def-0": Object {
        "additionalProperties": false,
        "description": "A stream's public state; never its key or key hash.",
        "properties": Object {
          "banned": Object {
            "type": "boolean",
          },
          "hasKey": Object {
            "type": "boolean",
          },
          "live": Object {
            "type": "boolean",
          },
          "liveAt": Object {
            "format": "date-time",
            "type": "string",
          },
          "name": Object {
            "type": "string",
          },
          "publisherIp": Object {
            "type": "string",
          },
        },
        "required": Array [
          "name",
          "hasKey",
          "banned",
          "live",
        ],
        "title": "StreamInfo",
        "type": "object",
      },
      "def-1": Object {
        "additionalProperties": false,
        "description": "One entitlement: exactly one of stream (app/stream), glob (app/stream pattern with * and ?) or event, and when it ends.",
        "oneOf": Array [
          Object {
            "properties": Object {
              "stream": true,
            },
            "required": Array [
              "stream",
            ],
            "type": "object",
          },
          Object {
            "properties": Object {
              "glob": true,
            },
            "required": Array [
              "glob",
            ],
            "type": "object",
          },
          Object {
            "properties": Object {
              "event": true,
            },
            "required": Array [
              "event",
            ],
            "type": "object",
          },
        ],
        "properties": Object {
          "event": Object {
            "maxLength": 256,
            "minLength": 1,
            "type": "string",
          },
          "expiresAt": Object {
            "description": "Never expires when absent.",
            "format": "date-time",
            "type": "string",
          },
          "glob": Object {
            "maxLength": 512,
            "minLength": 1,
            "type": "string",
          },
          "stream": Object {
            "maxLength": 512,
            "minLength": 1,
            "type": "string",
          },
        },
        "title": "AdminEntitlement",
        "type": "object",
      },
    },
    "securitySchemes": Object {
      "bearer": Object {
        "scheme": "bearer",
        "type": "http",
      },
    },
  },
  "info": Object {
    "description": "Authorization for streaming media servers: adapters, control and admin APIs.",
    "title": "streamgate",
    "version": "<package version>",
  },
  "openapi": "3.0.3",
  "paths": Object {
    "/admin/viewers/{viewer}/balance": Object {
      "get": Object {
        "parameters": Array [
          Object {
            "in": "path",
            "name": "viewer",
            "required": true,
            "schema": Object {
              "maxLength": 256,
              "minLength": 1,
              "type": "string",
            },
          },
        ],
        "responses": Object {
          "200": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "properties": Object {
                    "bytes": Object {
                      "description": "Bytes sent to the viewer, as reported by Nimble's pay-per-view sync.",
                      "type": "integer",
                    },
                    "seconds": Object {
                      "description": "Seconds of viewing left (negative when a media server reported more than was left).",
                      "type": "integer",
                    },
                    "viewer": Object {
                      "type": "string",
                    },
                  },
                  "required": Array [
                    "viewer",
                    "seconds",
                    "bytes",
                  ],
                  "title": "AdminBalance",
                  "type": "object",
                },
              },
            },
            "description": "Default Response",
          },
          "4XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "properties": Object {
                    "error": Object {
                      "type": "string",
                    },
                    "message": Object {
                      "type": "string",
                    },
                  },
                  "required": Array [
                    "error",
                  ],
                  "title": "AdminError",
                  "type": "object",
                },
              },
            },
            "description": "Default Response",
          },
          "5XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "properties": Object {
                    "error": Object {
                      "type": "string",
                    },
                    "message": Object {
                      "type": "string",
                    },
                  },
                  "required": Array [
                    "error",
                  ],
                  "title": "AdminError",
                  "type": "object",
                },
              },
            },
            "description": "Default Response",
          },
        },
      },
      "post": Object {
        "parameters": Array [
          Object {
            "in": "path",
            "name": "viewer",
            "required": true,
            "schema": Object {
              "maxLength": 256,
              "minLength": 1,
              "type": "string",
            },
          },
        ],
        "requestBody": Object {
          "content": Object {
            "application/json": Object {
              "schema": Object {
                "additionalProperties": false,
                "description": "Seconds of viewing to add to a viewer's balance (negative to take some back).",
                "properties": Object {
                  "seconds": Object {
                    "maximum": 31536000,
                    "minimum": -31536000,
                    "not": Object {
                      "enum": Array [
                        0,
                      ],
                    },
                    "type": "integer",
                  },
                },
                "required": Array [
                  "seconds",
                ],
                "title": "AdminTopUp",
                "type": "object",
              },
            },
          },
          "description": "Seconds of viewing to add to a viewer's balance (negative to take some back).",
          "required": true,
        },
        "responses": Object {
          "200": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "properties": Object {
                    "bytes": Object {
                      "description": "Bytes sent to the viewer, as reported by Nimble's pay-per-view sync.",
                      "type": "integer",
                    },
                    "seconds": Object {
                      "description": "Seconds of viewing left (negative when a media server reported more than was left).",
                      "type": "integer",
                    },
                    "viewer": Object {
                      "type": "string",
                    },
                  },
                  "required": Array [
                    "viewer",
                    "seconds",
                    "bytes",
                  ],
                  "title": "AdminBalance",
                  "type": "object",
                },
              },
            },
            "description": "Default Response",
          },
          "4XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "properties": Object {
                    "error": Object {
                      "type": "string",
                    },
                    "message": Object {
                      "type": "string",
                    },
                  },
                  "required": Array [
                    "error",
                  ],
                  "title": "AdminError",
                  "type": "object",
                },
              },
            },
            "description": "Default Response",
          },
          "5XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "properties": Object {
                    "error": Object {
                      "type": "string",
                    },
                    "message": Object {
                      "type": "string",
                    },
                  },
                  "required": Array [
                    "error",
                  ],
                  "title": "AdminError",
                  "type": "object",
                },
              },
            },
            "description": "Default Response",
          },
        },
      },
    },
    "/admin/viewers/{viewer}/entitlements": Object {
      "delete": Object {
        "parameters": Array [
          Object {
            "in": "query",
            "name": "stream",
            "required": false,
            "schema": Object {
              "maxLength": 512,
              "minLength": 1,
              "type": "string",
            },
          },
          Object {
            "in": "query",
            "name": "glob",
            "required": false,
            "schema": Object {
              "maxLength": 512,
              "minLength": 1,
              "type": "string",
            },
          },
          Object {
            "in": "query",
            "name": "event",
            "required": false,
            "schema": Object {
              "maxLength": 256,
              "minLength": 1,
              "type": "string",
            },
          },
          Object {
            "in": "path",
            "name": "viewer",
            "required": true,
            "schema": Object {
              "maxLength": 256,
              "minLength": 1,
              "type": "string",
            },
          },
        ],
        "responses": Object {
          "4XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "properties": Object {
                    "error": Object {
                      "type": "string",
                    },
                    "message": Object {
                      "type": "string",
                    },
                  },
                  "required": Array [
                    "error",
                  ],
                  "title": "AdminError",
                  "type": "object",
                },
              },
            },
            "description": "Default Response",
          },
          "5XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "properties": Object {
                    "error": Object {
                      "type": "string",
                    },
                    "message": Object {
                      "type": "string",
                    },
                  },
                  "required": Array [
                    "error",
                  ],
                  "title": "AdminError",
                  "type": "object",
                },
              },
            },
            "description": "Default Response",
          },
        },
      },
      "get": Object {
        "parameters": Array [
          Object {
            "in": "path",
            "name": "viewer",
            "required": true,
            "schema": Object {
              "maxLength": 256,
              "minLength": 1,
              "type": "string",
            },
          },
        ],
        "responses": Object {
          "200": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "properties": Object {
                    "entitlements": Object {
                      "items": Object {
                        "$ref": "#/components/schemas/def-1",
                      },
                      "type": "array",
                    },
                    "viewer": Object {
                      "type": "string",
                    },
                  },
                  "required": Array [
                    "viewer",
                    "entitlements",
                  ],
                  "title": "AdminEntitlementList",
                  "type": "object",
                },
              },
            },
            "description": "Default Response",
          },
          "4XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "properties": Object {
                    "error": Object {
                      "type": "string",
                    },
                    "message": Object {
                      "type": "string",
                    },
                  },
                  "required": Array [
                    "error",
                  ],
                  "title": "AdminError",
                  "type": "object",
                },
              },
            },
            "description": "Default Response",
          },
          "5XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "properties": Object {
                    "error": Object {
                      "type": "string",
                    },
                    "message": Object {
                      "type": "string",
                    },
                  },
                  "required": Array [
                    "error",
                  ],
                  "title": "AdminError",
                  "type": "object",
                },
              },
            },
            "description": "Default Response",
          },
        },
      },
      "post": Object {
        "parameters": Array [
          Object {
            "in": "path",
            "name": "viewer",
            "required": true,
            "schema": Object {
              "maxLength": 256,
              "minLength": 1,
              "type": "string",
            },
          },
        ],
        "requestBody": Object {
          "content": Object {
            "application/json": Object {
              "schema": Object {
                "additionalProperties": false,
                "description": "One entitlement: exactly one of stream (app/stream), glob (app/stream pattern with * and ?) or event, and when it ends.",
                "oneOf": Array [
                  Object {
                    "properties": Object {
                      "stream": true,
                    },
                    "required": Array [
                      "stream",
                    ],
                    "type": "object",
                  },
                  Object {
                    "properties": Object {
                      "glob": true,
                    },
                    "required": Array [
                      "glob",
                    ],
                    "type": "object",
                  },
                  Object {
                    "properties": Object {
                      "event": true,
                    },
                    "required": Array [
                      "event",
                    ],
                    "type": "object",
                  },
                ],
                "properties": Object {
                  "event": Object {
                    "maxLength": 256,
                    "minLength": 1,
                    "type": "string",
                  },
                  "expiresAt": Object {
                    "description": "Never expires when absent.",
                    "format": "date-time",
                    "type": "string",
                  },
                  "glob": Object {
                    "maxLength": 512,
                    "minLength": 1,
                    "type": "string",
                  },
                  "stream": Object {
                    "maxLength": 512,
                    "minLength": 1,
                    "type": "string",
                  },
                },
                "title": "AdminEntitlement",
                "type": "object",
              },
            },
          },
          "description": "One entitlement: exactly one of stream (app/stream), glob (app/stream pattern with * and ?) or event, and when it ends.",
          "required": true,
        },
        "responses": Object {
          "201": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "One entitlement: exactly one of stream (app/stream), glob (app/stream pattern with * and ?) or event, and when it ends.",
                  "oneOf": Array [
                    Object {
                      "properties": Object {
                        "stream": true,
                      },
                      "required": Array [
                        "stream",
                      ],
                      "type": "object",
                    },
                    Object {
                      "properties": Object {
                        "glob": true,
                      },
                      "required": Array [
                        "glob",
                      ],
                      "type": "object",
                    },
                    Object {
                      "properties": Object {
                        "event": true,
                      },
                      "required": Array [
                        "event",
                      ],
                      "type": "object",
                    },
                  ],
                  "properties": Object {
                    "event": Object {
                      "maxLength": 256,
                      "minLength": 1,
                      "type": "string",
                    },
                    "expiresAt": Object {
                      "description": "Never expires when absent.",
                      "format": "date-time",
                      "type": "string",
                    },
                    "glob": Object {
                      "maxLength": 512,
                      "minLength": 1,
                      "type": "string",
                    },
                    "stream": Object {
                      "maxLength": 512,
                      "minLength": 1,
                      "type": "string",
                    },
                  },
                  "title": "AdminEntitlement",
                  "type": "object",
                },
              },
            },
            "description": "One entitlement: exactly one of stream (app/stream), glob (app/stream pattern with * and ?) or event, and when it ends.",
          },
          "4XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "properties": Object {
                    "error": Object {
                      "type": "string",
                    },
                    "message": Object {
                      "type": "string",
                    },
                  },
                  "required": Array [
                    "error",
                  ],
                  "title": "AdminError",
                  "type": "object",
                },
              },
            },
            "description": "Default Response",
          },
          "5XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "properties": Object {
                    "error": Object {
                      "type": "string",
                    },
                    "message": Object {
                      "type": "string",
                    },
                  },
                  "required": Array [
                    "error",
                  ],
                  "title": "AdminError",
                  "type": "object",
                },
              },
            },
            "description": "Default Response",
          },
        },
      },
    },
    "/admin/viewers/{viewer}/sessions": Object {
      "get": Object {
        "parameters": Array [
          Object {
            "description": "app/stream, for sessions counted per stream (concurrent-sessions with perStream). A delete without it ends only a place counted per viewer (404 when there is none and no ban is asked).",
            "in": "query",
            "name": "stream",
            "required": false,
            "schema": Object {
              "maxLength": 512,
              "minLength": 1,
              "type": "string",
            },
          },
          Object {
            "description": "On delete: refuse the session for this long, on every stream, so a re-authorizing player cannot take its place back; 0 only ends it. A kick answers 204 once the ban is in place, whether or not a place was ended at once: one counted per stream, when stream is not given, ends at the session's next authorization.",
            "in": "query",
            "name": "banSeconds",
            "required": false,
            "schema": Object {
              "default": 0,
              "maximum": 86400,
              "minimum": 0,
              "type": "integer",
            },
          },
          Object {
            "in": "path",
            "name": "viewer",
            "required": true,
            "schema": Object {
              "maxLength": 256,
              "minLength": 1,
              "type": "string",
            },
          },
        ],
        "responses": Object {
          "200": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "properties": Object {
                    "sessions": Object {
                      "items": Object {
                        "additionalProperties": false,
                        "properties": Object {
                          "expiresAt": Object {
                            "format": "date-time",
                            "type": "string",
                          },
                          "session": Object {
                            "type": "string",
                          },
                        },
                        "required": Array [
                          "session",
                          "expiresAt",
                        ],
                        "type": "object",
                      },
                      "type": "array",
                    },
                    "stream": Object {
                      "type": "string",
                    },
                    "viewer": Object {
                      "type": "string",
                    },
                  },
                  "required": Array [
                    "viewer",
                    "sessions",
                  ],
                  "title": "AdminSessionList",
                  "type": "object",
                },
              },
            },
            "description": "Default Response",
          },
          "4XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "properties": Object {
                    "error": Object {
                      "type": "string",
                    },
                    "message": Object {
                      "type": "string",
                    },
                  },
                  "required": Array [
                    "error",
                  ],
                  "title": "AdminError",
                  "type": "object",
                },
              },
            },
            "description": "Default Response",
          },
          "5XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "properties": Object {
                    "error": Object {
                      "type": "string",
                    },
                    "message": Object {
                      "type": "string",
                    },
                  },
                  "required": Array [
                    "error",
                  ],
                  "title": "AdminError",
                  "type": "object",
                },
              },
            },
            "description": "Default Response",
          },
        },
      },
    },
    "/admin/viewers/{viewer}/sessions/{session}": Object {
      "delete": Object {
        "parameters": Array [
          Object {
            "description": "app/stream, for sessions counted per stream (concurrent-sessions with perStream). A delete without it ends only a place counted per viewer (404 when there is none and no ban is asked).",
            "in": "query",
            "name": "stream",
            "required": false,
            "schema": Object {
              "maxLength": 512,
              "minLength": 1,
              "type": "string",
            },
          },
          Object {
            "description": "On delete: refuse the session for this long, on every stream, so a re-authorizing player cannot take its place back; 0 only ends it. A kick answers 204 once the ban is in place, whether or not a place was ended at once: one counted per stream, when stream is not given, ends at the session's next authorization.",
            "in": "query",
            "name": "banSeconds",
            "required": false,
            "schema": Object {
              "default": 0,
              "maximum": 86400,
              "minimum": 0,
              "type": "integer",
            },
          },
          Object {
            "in": "path",
            "name": "viewer",
            "required": true,
            "schema": Object {
              "maxLength": 256,
              "minLength": 1,
              "type": "string",
            },
          },
          Object {
            "in": "path",
            "name": "session",
            "required": true,
            "schema": Object {
              "maxLength": 256,
              "minLength": 1,
              "type": "string",
            },
          },
        ],
        "responses": Object {
          "4XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "properties": Object {
                    "error": Object {
                      "type": "string",
                    },
                    "message": Object {
                      "type": "string",
                    },
                  },
                  "required": Array [
                    "error",
                  ],
                  "title": "AdminError",
                  "type": "object",
                },
              },
            },
            "description": "Default Response",
          },
          "5XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "properties": Object {
                    "error": Object {
                      "type": "string",
                    },
                    "message": Object {
                      "type": "string",
                    },
                  },
                  "required": Array [
                    "error",
                  ],
                  "title": "AdminError",
                  "type": "object",
                },
              },
            },
            "description": "Default Response",
          },
        },
      },
    },
    "/admin/viewers/{viewer}/usage": Object {
      "delete": Object {
        "parameters": Array [
          Object {
            "in": "path",
            "name": "viewer",
            "required": true,
            "schema": Object {
              "maxLength": 256,
              "minLength": 1,
              "type": "string",
            },
          },
        ],
        "responses": Object {
          "4XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "properties": Object {
                    "error": Object {
                      "type": "string",
                    },
                    "message": Object {
                      "type": "string",
                    },
                  },
                  "required": Array [
                    "error",
                  ],
                  "title": "AdminError",
                  "type": "object",
                },
              },
            },
            "description": "Default Response",
          },
          "5XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "properties": Object {
                    "error": Object {
                      "type": "string",
                    },
                    "message": Object {
                      "type": "string",
                    },
                  },
                  "required": Array [
                    "error",
                  ],
                  "title": "AdminError",
                  "type": "object",
                },
              },
            },
            "description": "Default Response",
          },
        },
      },
    },
    "/control/delete": Object {
      "delete": Object {
        "parameters": Array [
          Object {
            "in": "query",
            "name": "room",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "in": "query",
            "name": "jwt",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
        ],
        "responses": Object {
          "2XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
                  "properties": Object {
                    "data": Object {
                      "type": "string",
                    },
                    "status": Object {
                      "type": "integer",
                    },
                  },
                  "required": Array [
                    "status",
                    "data",
                  ],
                  "title": "LivegoResponse",
                  "type": "object",
                },
              },
            },
            "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
          },
          "4XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
                  "properties": Object {
                    "data": Object {
                      "type": "string",
                    },
                    "status": Object {
                      "type": "integer",
                    },
                  },
                  "required": Array [
                    "status",
                    "data",
                  ],
                  "title": "LivegoResponse",
                  "type": "object",
                },
              },
            },
            "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
          },
        },
      },
      "get": Object {
        "parameters": Array [
          Object {
            "in": "query",
            "name": "room",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "in": "query",
            "name": "jwt",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
        ],
        "responses": Object {
          "2XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
                  "properties": Object {
                    "data": Object {
                      "type": "string",
                    },
                    "status": Object {
                      "type": "integer",
                    },
                  },
                  "required": Array [
                    "status",
                    "data",
                  ],
                  "title": "LivegoResponse",
                  "type": "object",
                },
              },
            },
            "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
          },
          "4XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
                  "properties": Object {
                    "data": Object {
                      "type": "string",
                    },
                    "status": Object {
                      "type": "integer",
                    },
                  },
                  "required": Array [
                    "status",
                    "data",
                  ],
                  "title": "LivegoResponse",
                  "type": "object",
                },
              },
            },
            "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
          },
        },
      },
      "head": Object {
        "parameters": Array [
          Object {
            "in": "query",
            "name": "room",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "in": "query",
            "name": "jwt",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
        ],
        "responses": Object {
          "2XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
                  "properties": Object {
                    "data": Object {
                      "type": "string",
                    },
                    "status": Object {
                      "type": "integer",
                    },
                  },
                  "required": Array [
                    "status",
                    "data",
                  ],
                  "title": "LivegoResponse",
                  "type": "object",
                },
              },
            },
            "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
          },
          "4XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
                  "properties": Object {
                    "data": Object {
                      "type": "string",
                    },
                    "status": Object {
                      "type": "integer",
                    },
                  },
                  "required": Array [
                    "status",
                    "data",
                  ],
                  "title": "LivegoResponse",
                  "type": "object",
                },
              },
            },
            "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
          },
        },
      },
      "options": Object {
        "parameters": Array [
          Object {
            "in": "query",
            "name": "room",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "in": "query",
            "name": "jwt",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
        ],
        "responses": Object {
          "2XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
                  "properties": Object {
                    "data": Object {
                      "type": "string",
                    },
                    "status": Object {
                      "type": "integer",
                    },
                  },
                  "required": Array [
                    "status",
                    "data",
                  ],
                  "title": "LivegoResponse",
                  "type": "object",
                },
              },
            },
            "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
          },
          "4XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
                  "properties": Object {
                    "data": Object {
                      "type": "string",
                    },
                    "status": Object {
                      "type": "integer",
                    },
                  },
                  "required": Array [
                    "status",
                    "data",
                  ],
                  "title": "LivegoResponse",
                  "type": "object",
                },
              },
            },
            "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
          },
        },
      },
      "patch": Object {
        "parameters": Array [
          Object {
            "in": "query",
            "name": "room",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "in": "query",
            "name": "jwt",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
        ],
        "responses": Object {
          "2XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
                  "properties": Object {
                    "data": Object {
                      "type": "string",
                    },
                    "status": Object {
                      "type": "integer",
                    },
                  },
                  "required": Array [
                    "status",
                    "data",
                  ],
                  "title": "LivegoResponse",
                  "type": "object",
                },
              },
            },
            "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
          },
          "4XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
                  "properties": Object {
                    "data": Object {
                      "type": "string",
                    },
                    "status": Object {
                      "type": "integer",
                    },
                  },
                  "required": Array [
                    "status",
                    "data",
                  ],
                  "title": "LivegoResponse",
                  "type": "object",
                },
              },
            },
            "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
          },
        },
      },
      "post": Object {
        "parameters": Array [
          Object {
            "in": "query",
            "name": "room",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "in": "query",
            "name": "jwt",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
        ],
        "responses": Object {
          "2XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
                  "properties": Object {
                    "data": Object {
                      "type": "string",
                    },
                    "status": Object {
                      "type": "integer",
                    },
                  },
                  "required": Array [
                    "status",
                    "data",
                  ],
                  "title": "LivegoResponse",
                  "type": "object",
                },
              },
            },
            "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
          },
          "4XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
                  "properties": Object {
                    "data": Object {
                      "type": "string",
                    },
                    "status": Object {
                      "type": "integer",
                    },
                  },
                  "required": Array [
                    "status",
                    "data",
                  ],
                  "title": "LivegoResponse",
                  "type": "object",
                },
              },
            },
            "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
          },
        },
      },
      "put": Object {
        "parameters": Array [
          Object {
            "in": "query",
            "name": "room",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "in": "query",
            "name": "jwt",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
        ],
        "responses": Object {
          "2XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
                  "properties": Object {
                    "data": Object {
                      "type": "string",
                    },
                    "status": Object {
                      "type": "integer",
                    },
                  },
                  "required": Array [
                    "status",
                    "data",
                  ],
                  "title": "LivegoResponse",
                  "type": "object",
                },
              },
            },
            "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
          },
          "4XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
                  "properties": Object {
                    "data": Object {
                      "type": "string",
                    },
                    "status": Object {
                      "type": "integer",
                    },
                  },
                  "required": Array [
                    "status",
                    "data",
                  ],
                  "title": "LivegoResponse",
                  "type": "object",
                },
              },
            },
            "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
          },
        },
      },
      "query": Object {
        "parameters": Array [
          Object {
            "in": "query",
            "name": "room",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "in": "query",
            "name": "jwt",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
        ],
        "responses": Object {
          "2XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
                  "properties": Object {
                    "data": Object {
                      "type": "string",
                    },
                    "status": Object {
                      "type": "integer",
                    },
                  },
                  "required": Array [
                    "status",
                    "data",
                  ],
                  "title": "LivegoResponse",
                  "type": "object",
                },
              },
            },
            "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
          },
          "4XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
                  "properties": Object {
                    "data": Object {
                      "type": "string",
                    },
                    "status": Object {
                      "type": "integer",
                    },
                  },
                  "required": Array [
                    "status",
                    "data",
                  ],
                  "title": "LivegoResponse",
                  "type": "object",
                },
              },
            },
            "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
          },
        },
      },
      "trace": Object {
        "parameters": Array [
          Object {
            "in": "query",
            "name": "room",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "in": "query",
            "name": "jwt",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
        ],
        "responses": Object {
          "2XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
                  "properties": Object {
                    "data": Object {
                      "type": "string",
                    },
                    "status": Object {
                      "type": "integer",
                    },
                  },
                  "required": Array [
                    "status",
                    "data",
                  ],
                  "title": "LivegoResponse",
                  "type": "object",
                },
              },
            },
            "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
          },
          "4XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
                  "properties": Object {
                    "data": Object {
                      "type": "string",
                    },
                    "status": Object {
                      "type": "integer",
                    },
                  },
                  "required": Array [
                    "status",
                    "data",
                  ],
                  "title": "LivegoResponse",
                  "type": "object",
                },
              },
            },
            "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
          },
        },
      },
    },
    "/control/get": Object {
      "delete": Object {
        "parameters": Array [
          Object {
            "in": "query",
            "name": "room",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "in": "query",
            "name": "jwt",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
        ],
        "responses": Object {
          "2XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
                  "properties": Object {
                    "data": Object {
                      "type": "string",
                    },
                    "status": Object {
                      "type": "integer",
                    },
                  },
                  "required": Array [
                    "status",
                    "data",
                  ],
                  "title": "LivegoResponse",
                  "type": "object",
                },
              },
            },
            "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
          },
          "4XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
                  "properties": Object {
                    "data": Object {
                      "type": "string",
                    },
                    "status": Object {
                      "type": "integer",
                    },
                  },
                  "required": Array [
                    "status",
                    "data",
                  ],
                  "title": "LivegoResponse",
                  "type": "object",
                },
              },
            },
            "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
          },
        },
      },
      "get": Object {
        "parameters": Array [
          Object {
            "in": "query",
            "name": "room",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "in": "query",
            "name": "jwt",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
        ],
        "responses": Object {
          "2XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
                  "properties": Object {
                    "data": Object {
                      "type": "string",
                    },
                    "status": Object {
                      "type": "integer",
                    },
                  },
                  "required": Array [
                    "status",
                    "data",
                  ],
                  "title": "LivegoResponse",
                  "type": "object",
                },
              },
            },
            "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
          },
          "4XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
                  "properties": Object {
                    "data": Object {
                      "type": "string",
                    },
                    "status": Object {
                      "type": "integer",
                    },
                  },
                  "required": Array [
                    "status",
                    "data",
                  ],
                  "title": "LivegoResponse",
                  "type": "object",
                },
              },
            },
            "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
          },
        },
      },
      "head": Object {
        "parameters": Array [
          Object {
            "in": "query",
            "name": "room",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "in": "query",
            "name": "jwt",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
        ],
        "responses": Object {
          "2XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
                  "properties": Object {
                    "data": Object {
                      "type": "string",
                    },
                    "status": Object {
                      "type": "integer",
                    },
                  },
                  "required": Array [
                    "status",
                    "data",
                  ],
                  "title": "LivegoResponse",
                  "type": "object",
                },
              },
            },
            "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
          },
          "4XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
                  "properties": Object {
                    "data": Object {
                      "type": "string",
                    },
                    "status": Object {
                      "type": "integer",
                    },
                  },
                  "required": Array [
                    "status",
                    "data",
                  ],
                  "title": "LivegoResponse",
                  "type": "object",
                },
              },
            },
            "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
          },
        },
      },
      "options": Object {
        "parameters": Array [
          Object {
            "in": "query",
            "name": "room",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "in": "query",
            "name": "jwt",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
        ],
        "responses": Object {
          "2XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
                  "properties": Object {
                    "data": Object {
                      "type": "string",
                    },
                    "status": Object {
                      "type": "integer",
                    },
                  },
                  "required": Array [
                    "status",
                    "data",
                  ],
                  "title": "LivegoResponse",
                  "type": "object",
                },
              },
            },
            "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
          },
          "4XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
                  "properties": Object {
                    "data": Object {
                      "type": "string",
                    },
                    "status": Object {
                      "type": "integer",
                    },
                  },
                  "required": Array [
                    "status",
                    "data",
                  ],
                  "title": "LivegoResponse",
                  "type": "object",
                },
              },
            },
            "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
          },
        },
      },
      "patch": Object {
        "parameters": Array [
          Object {
            "in": "query",
            "name": "room",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "in": "query",
            "name": "jwt",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
        ],
        "responses": Object {
          "2XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
                  "properties": Object {
                    "data": Object {
                      "type": "string",
                    },
                    "status": Object {
                      "type": "integer",
                    },
                  },
                  "required": Array [
                    "status",
                    "data",
                  ],
                  "title": "LivegoResponse",
                  "type": "object",
                },
              },
            },
            "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
          },
          "4XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
                  "properties": Object {
                    "data": Object {
                      "type": "string",
                    },
                    "status": Object {
                      "type": "integer",
                    },
                  },
                  "required": Array [
                    "status",
                    "data",
                  ],
                  "title": "LivegoResponse",
                  "type": "object",
                },
              },
            },
            "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
          },
        },
      },
      "post": Object {
        "parameters": Array [
          Object {
            "in": "query",
            "name": "room",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "in": "query",
            "name": "jwt",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
        ],
        "responses": Object {
          "2XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
                  "properties": Object {
                    "data": Object {
                      "type": "string",
                    },
                    "status": Object {
                      "type": "integer",
                    },
                  },
                  "required": Array [
                    "status",
                    "data",
                  ],
                  "title": "LivegoResponse",
                  "type": "object",
                },
              },
            },
            "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
          },
          "4XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
                  "properties": Object {
                    "data": Object {
                      "type": "string",
                    },
                    "status": Object {
                      "type": "integer",
                    },
                  },
                  "required": Array [
                    "status",
                    "data",
                  ],
                  "title": "LivegoResponse",
                  "type": "object",
                },
              },
            },
            "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
          },
        },
      },
      "put": Object {
        "parameters": Array [
          Object {
            "in": "query",
            "name": "room",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "in": "query",
            "name": "jwt",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
        ],
        "responses": Object {
          "2XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
                  "properties": Object {
                    "data": Object {
                      "type": "string",
                    },
                    "status": Object {
                      "type": "integer",
                    },
                  },
                  "required": Array [
                    "status",
                    "data",
                  ],
                  "title": "LivegoResponse",
                  "type": "object",
                },
              },
            },
            "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
          },
          "4XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
                  "properties": Object {
                    "data": Object {
                      "type": "string",
                    },
                    "status": Object {
                      "type": "integer",
                    },
                  },
                  "required": Array [
                    "status",
                    "data",
                  ],
                  "title": "LivegoResponse",
                  "type": "object",
                },
              },
            },
            "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
          },
        },
      },
      "query": Object {
        "parameters": Array [
          Object {
            "in": "query",
            "name": "room",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "in": "query",
            "name": "jwt",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
        ],
        "responses": Object {
          "2XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
                  "properties": Object {
                    "data": Object {
                      "type": "string",
                    },
                    "status": Object {
                      "type": "integer",
                    },
                  },
                  "required": Array [
                    "status",
                    "data",
                  ],
                  "title": "LivegoResponse",
                  "type": "object",
                },
              },
            },
            "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
          },
          "4XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
                  "properties": Object {
                    "data": Object {
                      "type": "string",
                    },
                    "status": Object {
                      "type": "integer",
                    },
                  },
                  "required": Array [
                    "status",
                    "data",
                  ],
                  "title": "LivegoResponse",
                  "type": "object",
                },
              },
            },
            "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
          },
        },
      },
      "trace": Object {
        "parameters": Array [
          Object {
            "in": "query",
            "name": "room",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "in": "query",
            "name": "jwt",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
        ],
        "responses": Object {
          "2XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
                  "properties": Object {
                    "data": Object {
                      "type": "string",
                    },
                    "status": Object {
                      "type": "integer",
                    },
                  },
                  "required": Array [
                    "status",
                    "data",
                  ],
                  "title": "LivegoResponse",
                  "type": "object",
                },
              },
            },
            "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
          },
          "4XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
                  "properties": Object {
                    "data": Object {
                      "type": "string",
                    },
                    "status": Object {
                      "type": "integer",
                    },
                  },
                  "required": Array [
                    "status",
                    "data",
                  ],
                  "title": "LivegoResponse",
                  "type": "object",
                },
              },
            },
            "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
          },
        },
      },
    },
    "/control/reset": Object {
      "delete": Object {
        "parameters": Array [
          Object {
            "in": "query",
            "name": "room",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "in": "query",
            "name": "jwt",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
        ],
        "responses": Object {
          "2XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
                  "properties": Object {
                    "data": Object {
                      "type": "string",
                    },
                    "status": Object {
                      "type": "integer",
                    },
                  },
                  "required": Array [
                    "status",
                    "data",
                  ],
                  "title": "LivegoResponse",
                  "type": "object",
                },
              },
            },
            "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
          },
          "4XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
                  "properties": Object {
                    "data": Object {
                      "type": "string",
                    },
                    "status": Object {
                      "type": "integer",
                    },
                  },
                  "required": Array [
                    "status",
                    "data",
                  ],
                  "title": "LivegoResponse",
                  "type": "object",
                },
              },
            },
            "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
          },
        },
      },
      "get": Object {
        "parameters": Array [
          Object {
            "in": "query",
            "name": "room",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "in": "query",
            "name": "jwt",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
        ],
        "responses": Object {
          "2XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
                  "properties": Object {
                    "data": Object {
                      "type": "string",
                    },
                    "status": Object {
                      "type": "integer",
                    },
                  },
                  "required": Array [
                    "status",
                    "data",
                  ],
                  "title": "LivegoResponse",
                  "type": "object",
                },
              },
            },
            "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
          },
          "4XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
                  "properties": Object {
                    "data": Object {
                      "type": "string",
                    },
                    "status": Object {
                      "type": "integer",
                    },
                  },
                  "required": Array [
                    "status",
                    "data",
                  ],
                  "title": "LivegoResponse",
                  "type": "object",
                },
              },
            },
            "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
          },
        },
      },
      "head": Object {
        "parameters": Array [
          Object {
            "in": "query",
            "name": "room",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "in": "query",
            "name": "jwt",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
        ],
        "responses": Object {
          "2XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
                  "properties": Object {
                    "data": Object {
                      "type": "string",
                    },
                    "status": Object {
                      "type": "integer",
                    },
                  },
                  "required": Array [
                    "status",
                    "data",
                  ],
                  "title": "LivegoResponse",
                  "type": "object",
                },
              },
            },
            "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
          },
          "4XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
                  "properties": Object {
                    "data": Object {
                      "type": "string",
                    },
                    "status": Object {
                      "type": "integer",
                    },
                  },
                  "required": Array [
                    "status",
                    "data",
                  ],
                  "title": "LivegoResponse",
                  "type": "object",
                },
              },
            },
            "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
          },
        },
      },
      "options": Object {
        "parameters": Array [
          Object {
            "in": "query",
            "name": "room",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "in": "query",
            "name": "jwt",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
        ],
        "responses": Object {
          "2XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
                  "properties": Object {
                    "data": Object {
                      "type": "string",
                    },
                    "status": Object {
                      "type": "integer",
                    },
                  },
                  "required": Array [
                    "status",
                    "data",
                  ],
                  "title": "LivegoResponse",
                  "type": "object",
                },
              },
            },
            "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
          },
          "4XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
                  "properties": Object {
                    "data": Object {
                      "type": "string",
                    },
                    "status": Object {
                      "type": "integer",
                    },
                  },
                  "required": Array [
                    "status",
                    "data",
                  ],
                  "title": "LivegoResponse",
                  "type": "object",
                },
              },
            },
            "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
          },
        },
      },
      "patch": Object {
        "parameters": Array [
          Object {
            "in": "query",
            "name": "room",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "in": "query",
            "name": "jwt",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
        ],
        "responses": Object {
          "2XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
                  "properties": Object {
                    "data": Object {
                      "type": "string",
                    },
                    "status": Object {
                      "type": "integer",
                    },
                  },
                  "required": Array [
                    "status",
                    "data",
                  ],
                  "title": "LivegoResponse",
                  "type": "object",
                },
              },
            },
            "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
          },
          "4XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
                  "properties": Object {
                    "data": Object {
                      "type": "string",
                    },
                    "status": Object {
                      "type": "integer",
                    },
                  },
                  "required": Array [
                    "status",
                    "data",
                  ],
                  "title": "LivegoResponse",
                  "type": "object",
                },
              },
            },
            "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
          },
        },
      },
      "post": Object {
        "parameters": Array [
          Object {
            "in": "query",
            "name": "room",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "in": "query",
            "name": "jwt",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
        ],
        "responses": Object {
          "2XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
                  "properties": Object {
                    "data": Object {
                      "type": "string",
                    },
                    "status": Object {
                      "type": "integer",
                    },
                  },
                  "required": Array [
                    "status",
                    "data",
                  ],
                  "title": "LivegoResponse",
                  "type": "object",
                },
              },
            },
            "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
          },
          "4XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
                  "properties": Object {
                    "data": Object {
                      "type": "string",
                    },
                    "status": Object {
                      "type": "integer",
                    },
                  },
                  "required": Array [
                    "status",
                    "data",
                  ],
                  "title": "LivegoResponse",
                  "type": "object",
                },
              },
            },
            "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
          },
        },
      },
      "put": Object {
        "parameters": Array [
          Object {
            "in": "query",
            "name": "room",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "in": "query",
            "name": "jwt",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
        ],
        "responses": Object {
          "2XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
                  "properties": Object {
                    "data": Object {
                      "type": "string",
                    },
                    "status": Object {
                      "type": "integer",
                    },
                  },
                  "required": Array [
                    "status",
                    "data",
                  ],
                  "title": "LivegoResponse",
                  "type": "object",
                },
              },
            },
            "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
          },
          "4XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
                  "properties": Object {
                    "data": Object {
                      "type": "string",
                    },
                    "status": Object {
                      "type": "integer",
                    },
                  },
                  "required": Array [
                    "status",
                    "data",
                  ],
                  "title": "LivegoResponse",
                  "type": "object",
                },
              },
            },
            "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
          },
        },
      },
      "query": Object {
        "parameters": Array [
          Object {
            "in": "query",
            "name": "room",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "in": "query",
            "name": "jwt",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
        ],
        "responses": Object {
          "2XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
                  "properties": Object {
                    "data": Object {
                      "type": "string",
                    },
                    "status": Object {
                      "type": "integer",
                    },
                  },
                  "required": Array [
                    "status",
                    "data",
                  ],
                  "title": "LivegoResponse",
                  "type": "object",
                },
              },
            },
            "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
          },
          "4XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
                  "properties": Object {
                    "data": Object {
                      "type": "string",
                    },
                    "status": Object {
                      "type": "integer",
                    },
                  },
                  "required": Array [
                    "status",
                    "data",
                  ],
                  "title": "LivegoResponse",
                  "type": "object",
                },
              },
            },
            "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
          },
        },
      },
      "trace": Object {
        "parameters": Array [
          Object {
            "in": "query",
            "name": "room",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "in": "query",
            "name": "jwt",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
        ],
        "responses": Object {
          "2XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
                  "properties": Object {
                    "data": Object {
                      "type": "string",
                    },
                    "status": Object {
                      "type": "integer",
                    },
                  },
                  "required": Array [
                    "status",
                    "data",
                  ],
                  "title": "LivegoResponse",
                  "type": "object",
                },
              },
            },
            "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
          },
          "4XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
                  "properties": Object {
                    "data": Object {
                      "type": "string",
                    },
                    "status": Object {
                      "type": "integer",
                    },
                  },
                  "required": Array [
                    "status",
                    "data",
                  ],
                  "title": "LivegoResponse",
                  "type": "object",
                },
              },
            },
            "description": "LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), \\"Ok\\" (delete) or an error message.",
          },
        },
      },
    },
    "/healthz": Object {
      "get": Object {
        "responses": Object {
          "200": Object {
            "description": "Default Response",
          },
        },
      },
    },
    "/metrics": Object {
      "get": Object {
        "responses": Object {
          "200": Object {
            "description": "Default Response",
          },
        },
      },
    },
    "/nginx-rtmp": Object {
      "post": Object {
        "requestBody": Object {
          "content": Object {
            "application/json": Object {
              "schema": Object {
                "$defs": Object {
                  "field": Object {
                    "anyOf": Array [
                      Object {
                        "maxLength": 4096,
                        "type": "string",
                      },
                      Object {
                        "items": Object {
                          "maxLength": 4096,
                          "type": "string",
                        },
                        "maxItems": 16,
                        "type": "array",
                      },
                    ],
                    "tsType": "string | string[]",
                  },
                },
                "additionalProperties": Object {
                  "$ref": "#/$defs/field",
                },
                "description": "Form fields of an nginx-rtmp notify request (application/x-www-form-urlencoded). The RTMP URL's query arguments arrive as extra fields; a repeated field arrives as a list.",
                "properties": Object {
                  "addr": Object {
                    "$ref": "#/$defs/field",
                  },
                  "app": Object {
                    "$ref": "#/$defs/field",
                  },
                  "args": Object {
                    "$ref": "#/$defs/field",
                  },
                  "call": Object {
                    "enum": Array [
                      "connect",
                      "publish",
                      "play",
                      "update_publish",
                      "update_play",
                      "publish_done",
                      "play_done",
                      "done",
                      "disconnect",
                    ],
                    "type": "string",
                  },
                  "clientid": Object {
                    "$ref": "#/$defs/field",
                  },
                  "flashver": Object {
                    "$ref": "#/$defs/field",
                  },
                  "name": Object {
                    "$ref": "#/$defs/field",
                  },
                  "pageurl": Object {
                    "$ref": "#/$defs/field",
                  },
                  "tcurl": Object {
                    "$ref": "#/$defs/field",
                  },
                },
                "required": Array [
                  "call",
                ],
                "title": "NginxRtmpNotify",
                "type": "object",
              },
            },
          },
          "description": "Form fields of an nginx-rtmp notify request (application/x-www-form-urlencoded). The RTMP URL's query arguments arrive as extra fields; a repeated field arrives as a list.",
          "required": true,
        },
        "responses": Object {
          "200": Object {
            "description": "Default Response",
          },
        },
      },
    },
    "/nginx/auth": Object {
      "delete": Object {
        "parameters": Array [
          Object {
            "description": "$request_uri: path and query as the viewer sent them. Required: without it the request is refused.",
            "in": "header",
            "name": "x-original-uri",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "description": "$request_method; GET when absent. GET and HEAD are play, any other method publish.",
            "in": "header",
            "name": "x-original-method",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "description": "$remote_addr: nginx's peer.",
            "in": "header",
            "name": "x-real-ip",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "description": "$proxy_add_x_forwarded_for: hops before nginx, then nginx's peer.",
            "in": "header",
            "name": "x-forwarded-for",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "description": "$host (proxy_pass would send the upstream's name otherwise).",
            "in": "header",
            "name": "host",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "in": "header",
            "name": "user-agent",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "in": "header",
            "name": "referer",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "description": "Parsed into AccessRequest.cookies; the session cookie becomes the session id.",
            "in": "header",
            "name": "cookie",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
        ],
        "responses": Object {
          "200": Object {
            "description": "Default Response",
          },
        },
      },
      "get": Object {
        "parameters": Array [
          Object {
            "description": "$request_uri: path and query as the viewer sent them. Required: without it the request is refused.",
            "in": "header",
            "name": "x-original-uri",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "description": "$request_method; GET when absent. GET and HEAD are play, any other method publish.",
            "in": "header",
            "name": "x-original-method",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "description": "$remote_addr: nginx's peer.",
            "in": "header",
            "name": "x-real-ip",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "description": "$proxy_add_x_forwarded_for: hops before nginx, then nginx's peer.",
            "in": "header",
            "name": "x-forwarded-for",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "description": "$host (proxy_pass would send the upstream's name otherwise).",
            "in": "header",
            "name": "host",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "in": "header",
            "name": "user-agent",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "in": "header",
            "name": "referer",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "description": "Parsed into AccessRequest.cookies; the session cookie becomes the session id.",
            "in": "header",
            "name": "cookie",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
        ],
        "responses": Object {
          "200": Object {
            "description": "Default Response",
          },
        },
      },
      "head": Object {
        "parameters": Array [
          Object {
            "description": "$request_uri: path and query as the viewer sent them. Required: without it the request is refused.",
            "in": "header",
            "name": "x-original-uri",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "description": "$request_method; GET when absent. GET and HEAD are play, any other method publish.",
            "in": "header",
            "name": "x-original-method",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "description": "$remote_addr: nginx's peer.",
            "in": "header",
            "name": "x-real-ip",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "description": "$proxy_add_x_forwarded_for: hops before nginx, then nginx's peer.",
            "in": "header",
            "name": "x-forwarded-for",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "description": "$host (proxy_pass would send the upstream's name otherwise).",
            "in": "header",
            "name": "host",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "in": "header",
            "name": "user-agent",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "in": "header",
            "name": "referer",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "description": "Parsed into AccessRequest.cookies; the session cookie becomes the session id.",
            "in": "header",
            "name": "cookie",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
        ],
        "responses": Object {
          "200": Object {
            "description": "Default Response",
          },
        },
      },
      "options": Object {
        "parameters": Array [
          Object {
            "description": "$request_uri: path and query as the viewer sent them. Required: without it the request is refused.",
            "in": "header",
            "name": "x-original-uri",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "description": "$request_method; GET when absent. GET and HEAD are play, any other method publish.",
            "in": "header",
            "name": "x-original-method",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "description": "$remote_addr: nginx's peer.",
            "in": "header",
            "name": "x-real-ip",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "description": "$proxy_add_x_forwarded_for: hops before nginx, then nginx's peer.",
            "in": "header",
            "name": "x-forwarded-for",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "description": "$host (proxy_pass would send the upstream's name otherwise).",
            "in": "header",
            "name": "host",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "in": "header",
            "name": "user-agent",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "in": "header",
            "name": "referer",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "description": "Parsed into AccessRequest.cookies; the session cookie becomes the session id.",
            "in": "header",
            "name": "cookie",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
        ],
        "responses": Object {
          "200": Object {
            "description": "Default Response",
          },
        },
      },
      "patch": Object {
        "parameters": Array [
          Object {
            "description": "$request_uri: path and query as the viewer sent them. Required: without it the request is refused.",
            "in": "header",
            "name": "x-original-uri",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "description": "$request_method; GET when absent. GET and HEAD are play, any other method publish.",
            "in": "header",
            "name": "x-original-method",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "description": "$remote_addr: nginx's peer.",
            "in": "header",
            "name": "x-real-ip",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "description": "$proxy_add_x_forwarded_for: hops before nginx, then nginx's peer.",
            "in": "header",
            "name": "x-forwarded-for",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "description": "$host (proxy_pass would send the upstream's name otherwise).",
            "in": "header",
            "name": "host",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "in": "header",
            "name": "user-agent",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "in": "header",
            "name": "referer",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "description": "Parsed into AccessRequest.cookies; the session cookie becomes the session id.",
            "in": "header",
            "name": "cookie",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
        ],
        "responses": Object {
          "200": Object {
            "description": "Default Response",
          },
        },
      },
      "post": Object {
        "parameters": Array [
          Object {
            "description": "$request_uri: path and query as the viewer sent them. Required: without it the request is refused.",
            "in": "header",
            "name": "x-original-uri",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "description": "$request_method; GET when absent. GET and HEAD are play, any other method publish.",
            "in": "header",
            "name": "x-original-method",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "description": "$remote_addr: nginx's peer.",
            "in": "header",
            "name": "x-real-ip",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "description": "$proxy_add_x_forwarded_for: hops before nginx, then nginx's peer.",
            "in": "header",
            "name": "x-forwarded-for",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "description": "$host (proxy_pass would send the upstream's name otherwise).",
            "in": "header",
            "name": "host",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "in": "header",
            "name": "user-agent",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "in": "header",
            "name": "referer",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "description": "Parsed into AccessRequest.cookies; the session cookie becomes the session id.",
            "in": "header",
            "name": "cookie",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
        ],
        "responses": Object {
          "200": Object {
            "description": "Default Response",
          },
        },
      },
      "put": Object {
        "parameters": Array [
          Object {
            "description": "$request_uri: path and query as the viewer sent them. Required: without it the request is refused.",
            "in": "header",
            "name": "x-original-uri",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "description": "$request_method; GET when absent. GET and HEAD are play, any other method publish.",
            "in": "header",
            "name": "x-original-method",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "description": "$remote_addr: nginx's peer.",
            "in": "header",
            "name": "x-real-ip",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "description": "$proxy_add_x_forwarded_for: hops before nginx, then nginx's peer.",
            "in": "header",
            "name": "x-forwarded-for",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "description": "$host (proxy_pass would send the upstream's name otherwise).",
            "in": "header",
            "name": "host",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "in": "header",
            "name": "user-agent",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "in": "header",
            "name": "referer",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
          Object {
            "description": "Parsed into AccessRequest.cookies; the session cookie becomes the session id.",
            "in": "header",
            "name": "cookie",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
        ],
        "responses": Object {
          "200": Object {
            "description": "Default Response",
          },
        },
      },
    },
    "/nimble/auth": Object {
      "post": Object {
        "requestBody": Object {
          "content": Object {
            "application/json": Object {
              "schema": Object {
                "description": "Nimble Streamer playback session authorization request (Auth handler URL). Unknown fields are accepted; both user-agent and user_agent occur; url may be a full URL or a path that host completes.",
                "properties": Object {
                  "host": Object {
                    "maxLength": 255,
                    "nullable": true,
                    "type": "string",
                  },
                  "ip": Object {
                    "anyOf": Array [
                      Object {
                        "format": "ipv4",
                      },
                      Object {
                        "format": "ipv6",
                      },
                    ],
                    "maxLength": 64,
                    "tsType": "string",
                    "type": "string",
                  },
                  "referer": Object {
                    "maxLength": 8192,
                    "nullable": true,
                    "type": "string",
                  },
                  "session_id": Object {
                    "anyOf": Array [
                      Object {
                        "type": "string",
                      },
                      Object {
                        "type": "integer",
                      },
                      Object {
                        "enum": Array [
                          null,
                        ],
                        "nullable": true,
                        "type": "object",
                      },
                    ],
                    "maxLength": 256,
                  },
                  "session_type": Object {
                    "description": "HLS, DASH, HDS, SMOOTH, PD, ICECAST, MPEGTS, SLDP, or a newer protocol name.",
                    "maxLength": 32,
                    "nullable": true,
                    "type": "string",
                  },
                  "url": Object {
                    "maxLength": 8192,
                    "minLength": 1,
                    "type": "string",
                  },
                  "user_agent": Object {
                    "maxLength": 4096,
                    "nullable": true,
                    "type": "string",
                  },
                  "user-agent": Object {
                    "maxLength": 4096,
                    "nullable": true,
                    "type": "string",
                  },
                },
                "required": Array [
                  "url",
                  "ip",
                ],
                "title": "NimbleAuthRequest",
                "type": "object",
              },
            },
          },
          "description": "Nimble Streamer playback session authorization request (Auth handler URL). Unknown fields are accepted; both user-agent and user_agent occur; url may be a full URL or a path that host completes.",
          "required": true,
        },
        "responses": Object {
          "200": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "Answer to Nimble's playback authorization: 200 plays, 302 plays redirect_location instead, 403 refuses.",
                  "properties": Object {
                    "redirect_location": Object {
                      "minLength": 1,
                      "type": "string",
                    },
                    "return_code": Object {
                      "enum": Array [
                        200,
                        302,
                        403,
                      ],
                      "type": "integer",
                    },
                  },
                  "required": Array [
                    "return_code",
                  ],
                  "title": "NimbleAuthResponse",
                  "type": "object",
                },
              },
            },
            "description": "Answer to Nimble's playback authorization: 200 plays, 302 plays redirect_location instead, 403 refuses.",
          },
          "302": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "Answer to Nimble's playback authorization: 200 plays, 302 plays redirect_location instead, 403 refuses.",
                  "properties": Object {
                    "redirect_location": Object {
                      "minLength": 1,
                      "type": "string",
                    },
                    "return_code": Object {
                      "enum": Array [
                        200,
                        302,
                        403,
                      ],
                      "type": "integer",
                    },
                  },
                  "required": Array [
                    "return_code",
                  ],
                  "title": "NimbleAuthResponse",
                  "type": "object",
                },
              },
            },
            "description": "Answer to Nimble's playback authorization: 200 plays, 302 plays redirect_location instead, 403 refuses.",
          },
          "403": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "Answer to Nimble's playback authorization: 200 plays, 302 plays redirect_location instead, 403 refuses.",
                  "properties": Object {
                    "redirect_location": Object {
                      "minLength": 1,
                      "type": "string",
                    },
                    "return_code": Object {
                      "enum": Array [
                        200,
                        302,
                        403,
                      ],
                      "type": "integer",
                    },
                  },
                  "required": Array [
                    "return_code",
                  ],
                  "title": "NimbleAuthResponse",
                  "type": "object",
                },
              },
            },
            "description": "Answer to Nimble's playback authorization: 200 plays, 302 plays redirect_location instead, 403 refuses.",
          },
        },
      },
    },
    "/nimble/paywall": Object {
      "post": Object {
        "requestBody": Object {
          "content": Object {
            "application/json": Object {
              "schema": Object {
                "$defs": Object {
                  "application": Object {
                    "properties": Object {
                      "Instance": Object {
                        "items": Object {
                          "$ref": "#/$defs/instance",
                        },
                        "type": "array",
                      },
                      "name": Object {
                        "type": "string",
                      },
                    },
                    "title": "NimblePpvApplication",
                    "type": "object",
                  },
                  "instance": Object {
                    "properties": Object {
                      "name": Object {
                        "type": "string",
                      },
                      "Stream": Object {
                        "items": Object {
                          "$ref": "#/$defs/stream",
                        },
                        "type": "array",
                      },
                    },
                    "title": "NimblePpvInstance",
                    "type": "object",
                  },
                  "player": Object {
                    "properties": Object {
                      "bytes_sent": Object {
                        "description": "Bytes sent since the last report.",
                        "minimum": 0,
                        "type": "integer",
                      },
                      "delta": Object {
                        "description": "Seconds watched since the last report.",
                        "maximum": 86400,
                        "minimum": 0,
                        "type": "integer",
                      },
                      "id": Object {
                        "anyOf": Array [
                          Object {
                            "type": "string",
                          },
                          Object {
                            "type": "integer",
                          },
                        ],
                        "description": "The viewer id from the signed URL.",
                      },
                      "ip": Object {
                        "type": "string",
                      },
                      "sessionid": Object {
                        "anyOf": Array [
                          Object {
                            "type": "string",
                          },
                          Object {
                            "type": "integer",
                          },
                        ],
                      },
                      "user_agents": Object {
                        "items": Object {
                          "type": "string",
                        },
                        "type": "array",
                      },
                    },
                    "required": Array [
                      "id",
                    ],
                    "title": "NimblePpvPlayer",
                    "type": "object",
                  },
                  "stream": Object {
                    "properties": Object {
                      "name": Object {
                        "type": "string",
                      },
                      "Player": Object {
                        "items": Object {
                          "$ref": "#/$defs/player",
                        },
                        "type": "array",
                      },
                    },
                    "title": "NimblePpvStream",
                    "type": "object",
                  },
                  "vhost": Object {
                    "properties": Object {
                      "Application": Object {
                        "items": Object {
                          "$ref": "#/$defs/application",
                        },
                        "type": "array",
                      },
                      "name": Object {
                        "type": "string",
                      },
                    },
                    "title": "NimblePpvVHost",
                    "type": "object",
                  },
                },
                "description": "Nimble's periodic pay-per-view report. Unknown fields are accepted: the format is only partly documented.",
                "properties": Object {
                  "ID": Object {
                    "maxLength": 256,
                    "type": "string",
                  },
                  "PayPerViewInfo": Object {
                    "properties": Object {
                      "VHost": Object {
                        "items": Object {
                          "$ref": "#/$defs/vhost",
                        },
                        "type": "array",
                      },
                    },
                    "type": "object",
                  },
                  "Puzzle": Object {
                    "maxLength": 256,
                    "type": "string",
                  },
                  "Signature": Object {
                    "maxLength": 256,
                    "type": "string",
                  },
                },
                "required": Array [
                  "ID",
                  "Signature",
                  "Puzzle",
                ],
                "title": "NimblePpvSyncRequest",
                "type": "object",
              },
            },
          },
          "description": "Nimble's periodic pay-per-view report. Unknown fields are accepted: the format is only partly documented.",
          "required": true,
        },
        "responses": Object {
          "200": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "The viewer ids Nimble must cut off, and the answer to the request's Puzzle that proves the handler knows the token.",
                  "properties": Object {
                    "DenyList": Object {
                      "additionalProperties": false,
                      "properties": Object {
                        "ID": Object {
                          "items": Object {
                            "type": "string",
                          },
                          "type": "array",
                        },
                      },
                      "required": Array [
                        "ID",
                      ],
                      "type": "object",
                    },
                    "Solution": Object {
                      "type": "string",
                    },
                  },
                  "required": Array [
                    "DenyList",
                    "Solution",
                  ],
                  "title": "NimblePpvSyncResponse",
                  "type": "object",
                },
              },
            },
            "description": "The viewer ids Nimble must cut off, and the answer to the request's Puzzle that proves the handler knows the token.",
          },
        },
      },
    },
    "/nimble/publish": Object {
      "post": Object {
        "requestBody": Object {
          "content": Object {
            "application/json": Object {
              "schema": Object {
                "description": "Nimble's batched publish control request. Items are checked one by one (nimble/publish-auth-item), so one bad item fails alone.",
                "properties": Object {
                  "PublishAuthRequest": Object {
                    "maxItems": 1000,
                    "type": "array",
                  },
                },
                "required": Array [
                  "PublishAuthRequest",
                ],
                "title": "NimblePublishAuthRequest",
                "type": "object",
              },
            },
          },
          "description": "Nimble's batched publish control request. Items are checked one by one (nimble/publish-auth-item), so one bad item fails alone.",
          "required": true,
        },
        "responses": Object {
          "200": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "One answer per request item, with its seq.",
                  "properties": Object {
                    "PublishAuthResponse": Object {
                      "items": Object {
                        "additionalProperties": false,
                        "properties": Object {
                          "seq": Object {
                            "type": "string",
                          },
                          "status": Object {
                            "enum": Array [
                              "success",
                              "fail",
                            ],
                            "type": "string",
                          },
                        },
                        "required": Array [
                          "seq",
                          "status",
                        ],
                        "type": "object",
                      },
                      "type": "array",
                    },
                  },
                  "required": Array [
                    "PublishAuthResponse",
                  ],
                  "title": "NimblePublishAuthResponse",
                  "type": "object",
                },
              },
            },
            "description": "One answer per request item, with its seq.",
          },
        },
      },
    },
    "/readyz": Object {
      "get": Object {
        "responses": Object {
          "200": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "GET /readyz: 200 when the store answers, 503 when it does not (Redis down), so a load balancer can take the instance out. A store that lost its data still answers: it stays 200 and says when in dataLostAt (every instance shares the store, so taking them out would refuse everything rather than fix anything).",
                  "properties": Object {
                    "dataLostAt": Object {
                      "description": "When this instance last found the store's data gone (a Redis restarted empty or flushed): sessions, entitlements, balances and stream keys written before are lost. Absent when it never happened.",
                      "format": "date-time",
                      "type": "string",
                    },
                    "status": Object {
                      "enum": Array [
                        "ready",
                        "unavailable",
                      ],
                      "type": "string",
                    },
                    "store": Object {
                      "enum": Array [
                        "memory",
                        "redis",
                      ],
                      "type": "string",
                    },
                  },
                  "required": Array [
                    "status",
                    "store",
                  ],
                  "title": "Readiness",
                  "type": "object",
                },
              },
            },
            "description": "GET /readyz: 200 when the store answers, 503 when it does not (Redis down), so a load balancer can take the instance out. A store that lost its data still answers: it stays 200 and says when in dataLostAt (every instance shares the store, so taking them out would refuse everything rather than fix anything).",
          },
          "503": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "GET /readyz: 200 when the store answers, 503 when it does not (Redis down), so a load balancer can take the instance out. A store that lost its data still answers: it stays 200 and says when in dataLostAt (every instance shares the store, so taking them out would refuse everything rather than fix anything).",
                  "properties": Object {
                    "dataLostAt": Object {
                      "description": "When this instance last found the store's data gone (a Redis restarted empty or flushed): sessions, entitlements, balances and stream keys written before are lost. Absent when it never happened.",
                      "format": "date-time",
                      "type": "string",
                    },
                    "status": Object {
                      "enum": Array [
                        "ready",
                        "unavailable",
                      ],
                      "type": "string",
                    },
                    "store": Object {
                      "enum": Array [
                        "memory",
                        "redis",
                      ],
                      "type": "string",
                    },
                  },
                  "required": Array [
                    "status",
                    "store",
                  ],
                  "title": "Readiness",
                  "type": "object",
                },
              },
            },
            "description": "GET /readyz: 200 when the store answers, 503 when it does not (Redis down), so a load balancer can take the instance out. A store that lost its data still answers: it stays 200 and says when in dataLostAt (every instance shares the store, so taking them out would refuse everything rather than fix anything).",
          },
        },
      },
    },
    "/v1/explain": Object {
      "post": Object {
        "requestBody": Object {
          "content": Object {
            "application/json": Object {
              "schema": Object {
                "additionalProperties": false,
                "description": "Any adapter's message, to be decided without side effects (no metering, no session counting).",
                "properties": Object {
                  "adapter": Object {
                    "description": "Adapter whose wire format the message is in, e.g. nimble.",
                    "minLength": 1,
                    "type": "string",
                  },
                  "message": Object {
                    "description": "The message as the media server sends it.",
                  },
                },
                "required": Array [
                  "adapter",
                  "message",
                ],
                "title": "ExplainRequest",
                "type": "object",
              },
            },
          },
          "description": "Any adapter's message, to be decided without side effects (no metering, no session counting).",
          "required": true,
        },
        "responses": Object {
          "200": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "The decision a message would get, and each rule's answer on the way.",
                  "properties": Object {
                    "adapter": Object {
                      "type": "string",
                    },
                    "decision": Object {
                      "additionalProperties": false,
                      "properties": Object {
                        "lifetime": Object {
                          "description": "Seconds the session may last: the shortest any rule gave.",
                          "minimum": 0,
                          "type": "number",
                        },
                        "location": Object {
                          "type": "string",
                        },
                        "outcome": Object {
                          "enum": Array [
                            "allow",
                            "deny",
                            "redirect",
                          ],
                          "type": "string",
                        },
                        "policy": Object {
                          "type": "string",
                        },
                        "reason": Object {
                          "type": "string",
                        },
                        "rule": Object {
                          "type": "string",
                        },
                        "stream": Object {
                          "description": "Publish: the public stream name the rules gave.",
                          "type": "string",
                        },
                        "subject": Object {
                          "description": "The viewer or publisher the rules identified.",
                          "type": "string",
                        },
                      },
                      "required": Array [
                        "outcome",
                        "rule",
                        "reason",
                        "policy",
                      ],
                      "type": "object",
                    },
                    "request": Object {
                      "additionalProperties": false,
                      "description": "The message as streamgate's AccessRequest (absent when the adapter refused the message).",
                      "properties": Object {
                        "action": Object {
                          "type": "string",
                        },
                        "host": Object {
                          "type": "string",
                        },
                        "ip": Object {
                          "type": "string",
                        },
                        "protocol": Object {
                          "type": "string",
                        },
                        "referer": Object {
                          "type": "string",
                        },
                        "sessionId": Object {
                          "type": "string",
                        },
                        "url": Object {
                          "additionalProperties": false,
                          "properties": Object {
                            "app": Object {
                              "type": "string",
                            },
                            "href": Object {
                              "type": "string",
                            },
                            "path": Object {
                              "type": "string",
                            },
                            "query": Object {
                              "additionalProperties": Object {
                                "type": "string",
                              },
                              "type": "object",
                            },
                            "stream": Object {
                              "type": "string",
                            },
                          },
                          "type": "object",
                        },
                        "userAgent": Object {
                          "type": "string",
                        },
                      },
                      "type": "object",
                    },
                    "trace": Object {
                      "items": Object {
                        "additionalProperties": false,
                        "properties": Object {
                          "lifetime": Object {
                            "minimum": 0,
                            "type": "number",
                          },
                          "outcome": Object {
                            "enum": Array [
                              "allow",
                              "deny",
                              "redirect",
                              "abstain",
                              "error",
                            ],
                            "type": "string",
                          },
                          "reason": Object {
                            "type": "string",
                          },
                          "rule": Object {
                            "type": "string",
                          },
                          "stream": Object {
                            "type": "string",
                          },
                          "subject": Object {
                            "type": "string",
                          },
                        },
                        "required": Array [
                          "rule",
                          "outcome",
                          "reason",
                        ],
                        "type": "object",
                      },
                      "type": "array",
                    },
                  },
                  "required": Array [
                    "adapter",
                    "decision",
                    "trace",
                  ],
                  "title": "ExplainResponse",
                  "type": "object",
                },
              },
            },
            "description": "The decision a message would get, and each rule's answer on the way.",
          },
        },
      },
    },
    "/v1/streams": Object {
      "get": Object {
        "parameters": Array [
          Object {
            "in": "query",
            "name": "live",
            "required": false,
            "schema": Object {
              "enum": Array [
                "true",
                "false",
              ],
              "type": "string",
            },
          },
          Object {
            "in": "query",
            "name": "jwt",
            "required": false,
            "schema": Object {
              "type": "string",
            },
          },
        ],
        "responses": Object {
          "200": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "properties": Object {
                    "streams": Object {
                      "items": Object {
                        "$ref": "#/components/schemas/def-0",
                      },
                      "type": "array",
                    },
                  },
                  "required": Array [
                    "streams",
                  ],
                  "title": "StreamList",
                  "type": "object",
                },
              },
            },
            "description": "Default Response",
          },
          "4XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "properties": Object {
                    "code": Object {
                      "type": "string",
                    },
                    "error": Object {
                      "type": "string",
                    },
                  },
                  "required": Array [
                    "error",
                  ],
                  "title": "ControlError",
                  "type": "object",
                },
              },
            },
            "description": "Default Response",
          },
          "5XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "properties": Object {
                    "code": Object {
                      "type": "string",
                    },
                    "error": Object {
                      "type": "string",
                    },
                  },
                  "required": Array [
                    "error",
                  ],
                  "title": "ControlError",
                  "type": "object",
                },
              },
            },
            "description": "Default Response",
          },
        },
      },
    },
    "/v1/streams/{name}": Object {
      "delete": Object {
        "parameters": Array [
          Object {
            "in": "path",
            "name": "name",
            "required": true,
            "schema": Object {
              "$ref": "stream-name.schema.json",
            },
          },
        ],
        "responses": Object {
          "4XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "properties": Object {
                    "code": Object {
                      "type": "string",
                    },
                    "error": Object {
                      "type": "string",
                    },
                  },
                  "required": Array [
                    "error",
                  ],
                  "title": "ControlError",
                  "type": "object",
                },
              },
            },
            "description": "Default Response",
          },
          "5XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "properties": Object {
                    "code": Object {
                      "type": "string",
                    },
                    "error": Object {
                      "type": "string",
                    },
                  },
                  "required": Array [
                    "error",
                  ],
                  "title": "ControlError",
                  "type": "object",
                },
              },
            },
            "description": "Default Response",
          },
        },
      },
      "get": Object {
        "parameters": Array [
          Object {
            "in": "path",
            "name": "name",
            "required": true,
            "schema": Object {
              "$ref": "stream-name.schema.json",
            },
          },
        ],
        "responses": Object {
          "200": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "A stream's public state; never its key or key hash.",
                  "properties": Object {
                    "banned": Object {
                      "type": "boolean",
                    },
                    "hasKey": Object {
                      "type": "boolean",
                    },
                    "live": Object {
                      "type": "boolean",
                    },
                    "liveAt": Object {
                      "format": "date-time",
                      "type": "string",
                    },
                    "name": Object {
                      "type": "string",
                    },
                    "publisherIp": Object {
                      "type": "string",
                    },
                  },
                  "required": Array [
                    "name",
                    "hasKey",
                    "banned",
                    "live",
                  ],
                  "title": "StreamInfo",
                  "type": "object",
                },
              },
            },
            "description": "A stream's public state; never its key or key hash.",
          },
          "4XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "properties": Object {
                    "code": Object {
                      "type": "string",
                    },
                    "error": Object {
                      "type": "string",
                    },
                  },
                  "required": Array [
                    "error",
                  ],
                  "title": "ControlError",
                  "type": "object",
                },
              },
            },
            "description": "Default Response",
          },
          "5XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "properties": Object {
                    "code": Object {
                      "type": "string",
                    },
                    "error": Object {
                      "type": "string",
                    },
                  },
                  "required": Array [
                    "error",
                  ],
                  "title": "ControlError",
                  "type": "object",
                },
              },
            },
            "description": "Default Response",
          },
        },
      },
      "post": Object {
        "parameters": Array [
          Object {
            "in": "path",
            "name": "name",
            "required": true,
            "schema": Object {
              "$ref": "stream-name.schema.json",
            },
          },
        ],
        "responses": Object {
          "200": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "A newly issued key: shown this once, stored only as its hash.",
                  "properties": Object {
                    "key": Object {
                      "type": "string",
                    },
                    "name": Object {
                      "type": "string",
                    },
                  },
                  "required": Array [
                    "name",
                    "key",
                  ],
                  "title": "StreamKeyResponse",
                  "type": "object",
                },
              },
            },
            "description": "A newly issued key: shown this once, stored only as its hash.",
          },
          "201": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "A newly issued key: shown this once, stored only as its hash.",
                  "properties": Object {
                    "key": Object {
                      "type": "string",
                    },
                    "name": Object {
                      "type": "string",
                    },
                  },
                  "required": Array [
                    "name",
                    "key",
                  ],
                  "title": "StreamKeyResponse",
                  "type": "object",
                },
              },
            },
            "description": "A newly issued key: shown this once, stored only as its hash.",
          },
          "4XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "properties": Object {
                    "code": Object {
                      "type": "string",
                    },
                    "error": Object {
                      "type": "string",
                    },
                  },
                  "required": Array [
                    "error",
                  ],
                  "title": "ControlError",
                  "type": "object",
                },
              },
            },
            "description": "Default Response",
          },
          "5XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "properties": Object {
                    "code": Object {
                      "type": "string",
                    },
                    "error": Object {
                      "type": "string",
                    },
                  },
                  "required": Array [
                    "error",
                  ],
                  "title": "ControlError",
                  "type": "object",
                },
              },
            },
            "description": "Default Response",
          },
        },
      },
    },
    "/v1/streams/{name}/ban": Object {
      "post": Object {
        "parameters": Array [
          Object {
            "in": "path",
            "name": "name",
            "required": true,
            "schema": Object {
              "$ref": "stream-name.schema.json",
            },
          },
        ],
        "responses": Object {
          "4XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "properties": Object {
                    "code": Object {
                      "type": "string",
                    },
                    "error": Object {
                      "type": "string",
                    },
                  },
                  "required": Array [
                    "error",
                  ],
                  "title": "ControlError",
                  "type": "object",
                },
              },
            },
            "description": "Default Response",
          },
          "5XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "properties": Object {
                    "code": Object {
                      "type": "string",
                    },
                    "error": Object {
                      "type": "string",
                    },
                  },
                  "required": Array [
                    "error",
                  ],
                  "title": "ControlError",
                  "type": "object",
                },
              },
            },
            "description": "Default Response",
          },
        },
      },
    },
    "/v1/streams/{name}/revoke": Object {
      "post": Object {
        "parameters": Array [
          Object {
            "in": "path",
            "name": "name",
            "required": true,
            "schema": Object {
              "$ref": "stream-name.schema.json",
            },
          },
        ],
        "responses": Object {
          "4XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "properties": Object {
                    "code": Object {
                      "type": "string",
                    },
                    "error": Object {
                      "type": "string",
                    },
                  },
                  "required": Array [
                    "error",
                  ],
                  "title": "ControlError",
                  "type": "object",
                },
              },
            },
            "description": "Default Response",
          },
          "5XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "properties": Object {
                    "code": Object {
                      "type": "string",
                    },
                    "error": Object {
                      "type": "string",
                    },
                  },
                  "required": Array [
                    "error",
                  ],
                  "title": "ControlError",
                  "type": "object",
                },
              },
            },
            "description": "Default Response",
          },
        },
      },
    },
    "/v1/streams/{name}/rotate": Object {
      "post": Object {
        "parameters": Array [
          Object {
            "in": "path",
            "name": "name",
            "required": true,
            "schema": Object {
              "$ref": "stream-name.schema.json",
            },
          },
        ],
        "responses": Object {
          "200": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "A newly issued key: shown this once, stored only as its hash.",
                  "properties": Object {
                    "key": Object {
                      "type": "string",
                    },
                    "name": Object {
                      "type": "string",
                    },
                  },
                  "required": Array [
                    "name",
                    "key",
                  ],
                  "title": "StreamKeyResponse",
                  "type": "object",
                },
              },
            },
            "description": "A newly issued key: shown this once, stored only as its hash.",
          },
          "201": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "description": "A newly issued key: shown this once, stored only as its hash.",
                  "properties": Object {
                    "key": Object {
                      "type": "string",
                    },
                    "name": Object {
                      "type": "string",
                    },
                  },
                  "required": Array [
                    "name",
                    "key",
                  ],
                  "title": "StreamKeyResponse",
                  "type": "object",
                },
              },
            },
            "description": "A newly issued key: shown this once, stored only as its hash.",
          },
          "4XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "properties": Object {
                    "code": Object {
                      "type": "string",
                    },
                    "error": Object {
                      "type": "string",
                    },
                  },
                  "required": Array [
                    "error",
                  ],
                  "title": "ControlError",
                  "type": "object",
                },
              },
            },
            "description": "Default Response",
          },
          "5XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "properties": Object {
                    "code": Object {
                      "type": "string",
                    },
                    "error": Object {
                      "type": "string",
                    },
                  },
                  "required": Array [
                    "error",
                  ],
                  "title": "ControlError",
                  "type": "object",
                },
              },
            },
            "description": "Default Response",
          },
        },
      },
    },
    "/v1/streams/{name}/unban": Object {
      "post": Object {
        "parameters": Array [
          Object {
            "in": "path",
            "name": "name",
            "required": true,
            "schema": Object {
              "$ref": "stream-name.schema.json",
            },
          },
        ],
        "responses": Object {
          "4XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "properties": Object {
                    "code": Object {
                      "type": "string",
                    },
                    "error": Object {
                      "type": "string",
                    },
                  },
                  "required": Array [
                    "error",
                  ],
                  "title": "ControlError",
                  "type": "object",
                },
              },
            },
            "description": "Default Response",
          },
          "5XX": Object {
            "content": Object {
              "application/json": Object {
                "schema": Object {
                  "additionalProperties": false,
                  "properties": Object {
                    "code": Object {
                      "type": "string",
                    },
                    "error": Object {
                      "type": "string",
                    },
                  },
                  "required": Array [
                    "error",
                  ],
                  "title": "ControlError",
                  "type": "object",
                },
              },
            },
            "description": "Default Response",
          },
        },
      },
    },
  },
}
`
