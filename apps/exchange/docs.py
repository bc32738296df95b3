"""The API documentation page, drawn from the same OpenAPI document that /api/v1/openapi.json serves."""

PLACES = {"query": "查询参数", "path": "路径参数", "header": "请求头"}


def _type(schema, components):
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " 或 ".join(_type(s, components) for s in schema["anyOf"] if s.get("type") != "null") + "（可空）"
    kind = schema.get("type", "")
    if kind == "array":
        return f"{_type(schema.get('items', {}), components)} 列表"
    return schema.get("format", kind) or "对象"


def _fields(name, components):
    schema = components.get(name, {})
    required = set(schema.get("required", []))
    return [{"name": field, "type": _type(spec, components), "required": field in required,
             "description": spec.get("description", "")}
            for field, spec in schema.get("properties", {}).items()]


def describe(api):
    document = api.get_openapi_schema(path_prefix="/api/v1/")
    components = document.get("components", {}).get("schemas", {})
    operations = []
    for path, methods in document["paths"].items():
        for method, op in methods.items():
            params = [{"name": p["name"], "place": PLACES.get(p["in"], p["in"]), "required": p.get("required", False),
                       "type": _type(p.get("schema", {}), components),
                       "description": p.get("description", "") or p.get("schema", {}).get("description", "")}
                      for p in op.get("parameters", [])]
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
            ok = op.get("responses", {}).get(200, op.get("responses", {}).get("200", {}))
            result = ok.get("content", {}).get("application/json", {}).get("schema", {})
            result_name = _type(result, components) if result else ""
            item_name = ""
            if result_name in components and "items" in components[result_name].get("properties", {}):
                item_name = _type(components[result_name]["properties"]["items"].get("items", {}), components)
            operations.append({
                "method": method.upper(), "path": path, "summary": op.get("summary", ""),
                "description": op.get("description", ""), "tags": op.get("tags", []), "params": params,
                "body": _type(body, components) if body else "",
                "body_fields": _fields(_type(body, components), components) if body else [],
                "row_fields": _fields("SignalIn", components) if body else [],
                "result": result_name, "result_fields": _fields(item_name or result_name, components),
                "statuses": sorted(str(code) for code in op.get("responses", {})),
            })
    return {"document": document, "operations": operations}
