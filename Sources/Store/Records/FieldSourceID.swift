/// The id of a source found in the field without one: `FIELD-<prefecture>-<n>`, numbered per
/// prefecture by a counter row in `settings` (`field_sources:<prefecture>`).
///
/// Per prefecture, not `max(id) + 1` over the whole register: on a database distributed by
/// prefecture (ARCHITECTURE.md, "Beyond one database server") no write to one prefecture waits
/// on, or reads, another's rows; and the id tells a planner where the source was found.
public enum FieldSourceID {
    /// The `settings` key counting the field-found sources of `prefecture` (`none` outside any).
    public static func counterKey(prefecture: String?) -> String {
        "field_sources:\(prefecture ?? "none")"
    }

    /// The `number`th field-found source of `prefecture`.
    public static func make(prefecture: String?, number: Int64) -> String {
        "FIELD-\(prefecture ?? "none")-\(number)"
    }
}
