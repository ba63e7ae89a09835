/// Repeated `--param name=value` flags, as a query's parameters.
public enum ParameterList {
    /// - Throws: `ParameterError` for an item without `=` or without a name.
    public static func parse(_ items: [String], flag: String = "param") throws -> [String: String] {
        var values: [String: String] = [:]
        for item in items {
            guard let equals = item.firstIndex(of: "="), equals != item.startIndex else {
                throw ParameterError(flag, item, "expected name=value")
            }
            values[String(item[..<equals])] = String(item[item.index(after: equals)...])
        }
        return values
    }
}
