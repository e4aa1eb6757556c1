-- wrk script: POST /chat with a distinct prompt per request, so keyed-hash sampling sees distinct prompts
counter = 0
math.randomseed(os.time())

setup = function(thread)
  thread:set("tag", tostring(math.random(1, 1000000000)))
end

request = function()
  counter = counter + 1
  local body = '{"prompt":"wrk question ' .. tag .. '-' .. counter .. ' about the benchmark"}'
  return wrk.format("POST", "/chat", {["Content-Type"] = "application/json"}, body)
end
