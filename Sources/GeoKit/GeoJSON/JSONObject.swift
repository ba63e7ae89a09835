/// A JSON object that keeps its members in file order.
///
/// Order matters to people: a feature's properties written back out, or shown in a table, should
/// read in the order the source file gave them. Look-up by key is linear for the handful of
/// members a GeoJSON feature usually has and hashed for larger objects.
///
/// When a key occurs more than once (RFC 8259 leaves that undefined), look-up returns the last
/// occurrence, as JavaScript and Python do; iteration still yields every member.
public struct JSONObject: Hashable, Sendable, RandomAccessCollection, ExpressibleByDictionaryLiteral {
    public typealias Element = (key: String, value: JSONValue)

    /// Immutable and shared, so copying a `JSONValue` tree never copies members.
    private final class Storage: Sendable {
        let keys: [String]
        let values: [JSONValue]
        /// Built only for objects large enough for hashing to beat a scan.
        let index: [String: Int]?

        init(keys: [String], values: [JSONValue]) {
            self.keys = keys
            self.values = values
            if keys.count > JSONObject.hashedLookupThreshold {
                var index = [String: Int](minimumCapacity: keys.count)
                for (position, key) in keys.enumerated() { index[key] = position }
                self.index = index
            } else {
                self.index = nil
            }
        }
    }

    static let hashedLookupThreshold = 12

    private let storage: Storage

    public init() {
        storage = Storage(keys: [], values: [])
    }

    public init(_ members: [(String, JSONValue)]) {
        storage = Storage(keys: members.map(\.0), values: members.map(\.1))
    }

    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }

    /// For the parser, which collects keys and values in parallel.
    init(keys: [String], values: [JSONValue]) {
        storage = Storage(keys: keys, values: values)
    }

    public var keys: [String] { storage.keys }
    public var values: [JSONValue] { storage.values }

    public var startIndex: Int { 0 }
    public var endIndex: Int { storage.keys.count }

    public subscript(position: Int) -> Element {
        (storage.keys[position], storage.values[position])
    }

    /// The value of member `key` (exact, case-sensitive match), or nil when absent.
    public subscript(key: String) -> JSONValue? {
        if let index = storage.index {
            return index[key].map { storage.values[$0] }
        }
        var position = storage.keys.count - 1
        while position >= 0 {
            if storage.keys[position] == key { return storage.values[position] }
            position -= 1
        }
        return nil
    }

    /// The value of member `key`, ignoring case when there is no exact match.
    ///
    /// Shapefile-derived GeoJSON spells the same attribute `NAME`, `Name` or `name` depending on
    /// the tool that exported it; importers that map a column should not care which.
    public func value(forKeyIgnoringCase key: String) -> JSONValue? {
        if let exact = self[key] { return exact }
        let folded = key.lowercased()
        var position = storage.keys.count - 1
        while position >= 0 {
            if storage.keys[position].lowercased() == folded { return storage.values[position] }
            position -= 1
        }
        return nil
    }

    /// Members compare in order: two objects with the same members in another order differ,
    /// which is what golden-file tests of written output want.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.storage === rhs.storage || (lhs.storage.keys == rhs.storage.keys && lhs.storage.values == rhs.storage.values)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(storage.keys)
        hasher.combine(storage.values)
    }
}
