-- wrk script: POST a demand intake (JSON body) to the path in $WRK_TARGET with the session cookie
-- ($WRK_COOKIE) and CSRF token ($WRK_CSRF); texts and addresses vary per request from the lines of
-- $WRK_ADDRESSES. Prints the same WRKRESULT line as wrk_paths.lua.
local addresses = {}
for line in io.lines(os.getenv("WRK_ADDRESSES")) do
  if #line > 0 then addresses[#addresses + 1] = line end
end
local texts = {
  "楼道里的垃圾三天没有清运，味道很大，希望尽快处理",
  "暖气不热，室温只有十五度，家里有老人",
  "楼下有人把车停在消防通道上，已经好几天了",
  "晚上十点以后还有人跳广场舞，噪音太大影响休息",
  "电梯又坏了，老人上下楼很困难",
  "单元门的门禁坏了，陌生人随便进出",
  "屋顶漏水，下雨天墙皮都掉了",
  "小区里有僵尸车占着车位，请处理",
}
local cats = { "environment.litter", "heating", "parking.fire_lane", "noise.square_dance", "property.elevator",
               "property.access", "housing", "parking.abandoned" }
local target = os.getenv("WRK_TARGET")
local headers = {
  ["Content-Type"] = "application/json",
  ["Cookie"] = os.getenv("WRK_COOKIE"),
  ["X-CSRF-Token"] = os.getenv("WRK_CSRF"),
}
local counter = 0
request = function()
  counter = counter + 1
  local i = counter % #texts + 1
  local body = string.format(
    '{"channel":"phone","nature":"complaint","category_code":"%s","urgency":"normal","description":"%s（%d）",' ..
    '"address_text":"%s","reporter_name":"刘艳","reporter_phone":"138%08d"}',
    cats[i], texts[i], counter, addresses[(counter * 7919) % #addresses + 1], counter % 100000000)
  return wrk.format("POST", target, headers, body)
end
done = function(summary, latency, requests)
  local secs = summary.duration / 1e6
  io.write(string.format("WRKRESULT rps=%.0f p50_ms=%.3f p99_ms=%.3f requests=%d errors=%d non2xx=%d\n",
    summary.requests / secs, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write +
    summary.errors.timeout, summary.errors.status))
end
