import Foundation
import GeoKit

/// `JSONSerialization`'s result as a `JSONValue`, so `GeoJSONReader` can check it unchanged.
///
/// On Linux `JSONSerialization` returns Swift arrays, dictionaries and strings, `NSNumber` for
/// numbers and its boolean subclass for `true` and `false`. Conditional casts from `Any` cost
/// about 15 times the parse on a towns file there, so the value's dynamic type is compared
/// first and the cast made only once it is known. Object members come out in the dictionary's
/// order, not the file's: Foundation does not keep it.
enum FoundationJSON {
    private static let number = ObjectIdentifier(NSNumber.self)
    private static let boolean = ObjectIdentifier(type(of: NSNumber(value: true)))
    private static let array = ObjectIdentifier([Any].self)
    private static let object = ObjectIdentifier([String: Any].self)
    private static let string = ObjectIdentifier(String.self)

    static func value(_ any: Any) -> JSONValue {
        switch ObjectIdentifier(type(of: any)) {
        case number: .number(unsafeDowncast(any as AnyObject, to: NSNumber.self).doubleValue)
        case array: .array((any as! [Any]).map(value))
        case string: .string(any as! String)
        case object: .object(JSONObject((any as! [String: Any]).map { ($0.key, value($0.value)) }))
        case boolean: .bool(unsafeDowncast(any as AnyObject, to: NSNumber.self).boolValue)
        default: fallback(any)
        }
    }

    /// Any other representation (an `NSString`, another `NSNumber` subclass): the slow casts.
    private static func fallback(_ any: Any) -> JSONValue {
        if let number = any as? NSNumber { return .number(number.doubleValue) }
        if let text = any as? String { return .string(text) }
        return .null
    }
}
