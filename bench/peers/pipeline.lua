-- wrk script for `bun run bench http`: 16 requests per write, the client does not wait for a
-- response before sending the next (HTTP/1.1 pipelining, RFC 9112 §9.3.2).
init = function(args)
  local depth = 16
  local batch = {}
  for i = 1, depth do
    batch[i] = wrk.format("GET", "/")
  end
  pipelined = table.concat(batch)
end

request = function()
  return pipelined
end
