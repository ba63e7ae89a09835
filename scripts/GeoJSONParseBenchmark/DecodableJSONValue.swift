import GeoKit

/// A free-form property value through `Decodable`: what `JSONDecoder` offers for members
/// without a schema. Strings are tried first, as most properties are strings and every failed
/// attempt throws.
struct DecodableJSONValue: Decodable {
    var value: JSONValue

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            value = .null
        } else if let text = try? container.decode(String.self) {
            value = .string(text)
        } else if let number = try? container.decode(Double.self) {
            value = .number(number)
        } else if let flag = try? container.decode(Bool.self) {
            value = .bool(flag)
        } else if let items = try? container.decode([DecodableJSONValue].self) {
            value = .array(items.map(\.value))
        } else {
            let members = try container.decode([String: DecodableJSONValue].self)
            value = .object(JSONObject(members.map { ($0.key, $0.value.value) }))
        }
    }
}
