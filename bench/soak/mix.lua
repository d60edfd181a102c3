-- bench/soak/mix.lua — the wrk script of bench/soak/run: a mix of reads
-- and writes by several demo users of different roles and scopes, each
-- with its own API token (Bearer, so writes need no CSRF token).
--
-- The users, their tokens, the cases and communes they may touch come
-- from the Lua file named by SOAK_CONFIG, which bench/soak/run writes
-- after asking the server (so every request is inside the caller's scope
-- and every body is valid: any answer that is not 2xx/3xx is an error of
-- the run).  SOAK_TAG makes the names this run writes unique across the
-- warm-up and the measured run.
--
-- Each wrk thread picks a request by weight (about 80 % reads, 20 %
-- writes, MIX below), counts what it sent, and keeps the first few error
-- answers; done() prints one `mix:` line per kind and the figures as
-- `result:` key=value lines that bench/soak/run reads.

local cfg = dofile(os.getenv("SOAK_CONFIG"))
local tag = os.getenv("SOAK_TAG") or "r"

local function auth(user)
	return { ["Authorization"] = "Bearer " .. cfg.users[user].token,
	         ["Content-Type"] = "application/json" }
end

local function pick(list)
	return list[math.random(#list)]
end

-- Names written by this thread: unique per run, thread and request.
local tid, serial = 0, 0
local function next_name(first)
	serial = serial + 1
	return string.format("%s Soak %s %d %d", first, tag, tid, serial)
end

local function today()
	return os.date("!%Y-%m-%d")
end

local function minutes_ago(m)
	return os.date("!%Y-%m-%dT%H:%M:%SZ", os.time() - 60 * m)
end

-- What one request is: a kind (for the counts), a weight, and a function
-- returning method, path, user, body.
local MIX = {
	-- reads (80)
	{ "cases.list", 12, function()
		local u = pick({ "sokontum", "sothaibinh", "tamduong", "xadakto" })
		return "GET", "/api/v1/cases?unit=" .. cfg.users[u].scope ..
			"&page=" .. math.random(3) .. "&page_size=50", u
	end },
	{ "cases.search", 8, function()
		local u = pick({ "sokontum", "sothaibinh" })
		return "GET", "/api/v1/cases?q=" .. pick(cfg.searches), u
	end },
	{ "cases.overdue", 4, function()
		local u = pick({ "sokontum", "tamduong", "xadakto" })
		return "GET", "/api/v1/cases?overdue=true&unit=" .. cfg.users[u].scope, u
	end },
	{ "case.get", 12, function()
		local u = pick({ "sokontum", "xadakto", "sothaibinh" })
		local c = cfg.users[u]
		return "GET", "/api/v1/cases/" .. pick(math.random(2) == 1 and c.open or c.closed), u
	end },
	{ "case.history", 4, function()
		local u = pick({ "sokontum", "xadakto" })
		return "GET", "/api/v1/cases/" .. pick(cfg.users[u].closed) .. "/history", u
	end },
	{ "inbox", 8, function()
		return "GET", "/api/v1/inbox", pick({ "xadakto", "tamduong", "sokontum", "sothaibinh" })
	end },
	{ "units", 6, function()
		local u = pick({ "sokontum", "xem.thaibinh", "tamduong" })
		if math.random(2) == 1 then
			return "GET", "/api/v1/units?parent=" .. cfg.users[u].scope, u
		end
		return "GET", "/api/v1/units/" .. cfg.users[u].scope, u
	end },
	{ "dashboard", 8, function()
		local u = pick({ "xem.thaibinh", "sokontum", "tamduong" })
		return "GET", "/api/v1/dashboard?period=" .. pick({ "2019", "2020", "2026" }), u
	end },
	{ "indicator.value", 4, function()
		return "GET", "/api/v1/indicator-values?indicator=" .. pick(cfg.indicators) ..
			"&unit=34&period=" .. pick({ "2019", "2020" }), "xem.thaibinh"
	end },
	{ "hotline.list", 4, function()
		return "GET", "/api/v1/hotline-calls", pick({ "tongdai.thaibinh", "sothaibinh" })
	end },
	{ "aggregates.list", 4, function()
		return "GET", "/api/v1/aggregate-values?unit=106&period=2026", "tamduong"
	end },
	{ "audit", 3, function()
		return "GET", "/api/v1/audit?page_size=50", "kiemtoan"
	end },
	{ "me", 3, function()
		return "GET", "/api/v1/me", pick({ "admin", "xadakto", "coso.kontum" })
	end },
	-- writes (20)
	{ "case.create", 6, function()
		local u = pick({ "xadakto", "sokontum", "sothaibinh" })
		local body = string.format('{"type":"child_protection","unit_code":"%s",' ..
			'"person":{"full_name":"%s","sex":"%s","birth_year":%d},' ..
			'"details":{"child_status":"at_risk"},"summary":"Trẻ cần hỗ trợ"}',
			pick(cfg.users[u].communes), next_name("Trần Văn"),
			pick({ "male", "female" }), 2010 + math.random(8))
		return "POST", "/api/v1/cases", u, body
	end },
	{ "case.note", 6, function()
		local u = pick({ "xadakto", "sokontum", "sothaibinh" })
		local body = string.format('{"kind":"note","text":"Ghi chú %s"}', next_name("gặp gia đình"))
		return "POST", "/api/v1/cases/" .. pick(cfg.users[u].open) .. "/events", u, body
	end },
	{ "case.visit", 3, function()
		local u = pick({ "xadakto", "sokontum" })
		local body = string.format('{"kind":"visit","date":"%s","note":"Thăm nhà %s"}',
			today(), next_name("lần"))
		return "POST", "/api/v1/cases/" .. pick(cfg.users[u].open) .. "/events", u, body
	end },
	{ "hotline.call", 3, function()
		local body = string.format('{"line":"111","received_at":"%s","unit_code":"%s",' ..
			'"caller_relation":"neighbour","summary":"Hàng xóm báo tin %s",' ..
			'"urgency":"%s"}', minutes_ago(math.random(30)),
			pick(cfg.users["tongdai.thaibinh"].communes), next_name("cuộc gọi"),
			pick({ "normal", "urgent" }))
		return "POST", "/api/v1/hotline-calls", "tongdai.thaibinh", body
	end },
	{ "aggregate.put", 2, function()
		serial = serial + 1
		local body = string.format('{"indicator":"p3_safety_surveys_count",' ..
			'"unit_code":"106","period":"%s","numerator":%d,"reason":"Cập nhật %s %d %d"}',
			pick({ "2025", "2026" }), serial % 50, tag, tid, serial)
		return "PUT", "/api/v1/aggregate-values", "tamduong", body
	end },
}

local WRITES = { ["case.create"] = true, ["case.note"] = true, ["case.visit"] = true,
                 ["hotline.call"] = true, ["aggregate.put"] = true }

local total_weight = 0
for _, m in ipairs(MIX) do total_weight = total_weight + m[2] end

-- wrk's main thread: number the threads and keep them for done().
local threads = {}
function setup(thread)
	thread:set("tid", #threads + 1)
	table.insert(threads, thread)
end

-- Globals, so that done() can read them with thread:get: the requests
-- this thread sent by kind, and its first error answers.
sent = {}
errors = ""
local error_count = 0
local MAX_KEPT = 5

function init(args)
	tid = tonumber(wrk.thread:get("tid")) or 0
	math.randomseed(os.time() * 100 + tid)
	for _, m in ipairs(MIX) do sent[m[1]] = 0 end
end

function request()
	local r = math.random() * total_weight
	local m
	for _, x in ipairs(MIX) do
		m = x
		r = r - x[2]
		if r < 0 then break end
	end
	sent[m[1]] = sent[m[1]] + 1
	local method, path, user, body = m[3]()
	return wrk.format(method, path, auth(user), body)
end

function response(status, headers, body)
	if status >= 400 then
		error_count = error_count + 1
		if error_count <= MAX_KEPT then
			errors = errors .. string.format("  %d %s\n", status, string.sub(body or "", 1, 300))
		end
	end
end

function done(summary, latency, requests)
	local totals, kept = {}, ""
	for _, t in ipairs(threads) do
		kept = kept .. (t:get("errors") or "")
		for kind, n in pairs(t:get("sent") or {}) do
			totals[kind] = (totals[kind] or 0) + n
		end
	end
	local all, writes = 0, 0
	for _, m in ipairs(MIX) do
		local n = totals[m[1]] or 0
		all = all + n
		if WRITES[m[1]] then writes = writes + n end
	end
	for _, m in ipairs(MIX) do
		local n = totals[m[1]] or 0
		io.write(string.format("mix: %-16s %9d  %5.1f %%\n", m[1], n,
			all > 0 and 100 * n / all or 0))
	end
	if kept ~= "" then io.write("errors (first answers):\n" .. kept) end
	local e = summary.errors
	io.write(string.format("result: requests=%d duration_us=%d writes=%d sent=%d\n",
		summary.requests, summary.duration, writes, all))
	io.write(string.format("result: err_connect=%d err_read=%d err_write=%d " ..
		"err_timeout=%d err_status=%d\n", e.connect, e.read, e.write, e.timeout, e.status))
	io.write(string.format("result: p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d mean_us=%d\n",
		latency:percentile(50), latency:percentile(90), latency:percentile(99),
		latency:percentile(99.9), latency.max, latency.mean))
end

