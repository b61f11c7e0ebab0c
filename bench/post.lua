-- wrk script: POST a fixed body of BODY_BYTES bytes (default 16 KiB).
local size = tonumber(os.getenv("BODY_BYTES") or "16384")
wrk.method = "POST"
wrk.body = string.rep("x", size)
wrk.headers["Content-Type"] = "application/octet-stream"
