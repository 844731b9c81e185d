from .wire import Response
def handle(ctx):
    return Response.json({"code": 0})
def rate_limited(fault):
    return Response.json({"code": 429, "msg": "too_many_requests"}, status=fault.http_status or 200)
