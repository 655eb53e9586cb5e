-- publish.lua: wrk script that POSTs one publish request over and over,
-- to measure a hub's publish rate (bench/hub.sh, scenario b).
--
-- The body, its content type and the bearer token come from the
-- environment, so one script serves our hub (a Mercure form with an
-- HS256 JWT) and nchan's publisher location (a raw body, no token):
--   BENCH_BODY          request body (default "data=hello")
--   BENCH_CONTENT_TYPE  default application/x-www-form-urlencoded
--   BENCH_TOKEN         sent as "Authorization: Bearer <token>" when set
wrk.method = "POST"
wrk.body = os.getenv("BENCH_BODY") or "data=hello"
wrk.headers["Content-Type"] = os.getenv("BENCH_CONTENT_TYPE")
	or "application/x-www-form-urlencoded"
local token = os.getenv("BENCH_TOKEN")
if token and token ~= "" then
	wrk.headers["Authorization"] = "Bearer " .. token
end
