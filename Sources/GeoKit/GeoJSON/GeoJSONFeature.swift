/// One feature of a GeoJSON file, as read: where it was, what it says, and its shape.
public struct GeoJSONFeature: Hashable, Sendable {
    /// 0-based position in the FeatureCollection: what error messages and import reports cite,
    /// since GeoJSON has no line numbers worth quoting.
    public var index: Int
    /// The RFC 7946 `id` member: a string or a number, or nil when absent.
    public var id: JSONValue?
    /// The `properties` member in file order; empty when absent or null. Use
    /// `properties.value(forKeyIgnoringCase:)` to map a column whatever its capitalisation.
    public var properties: JSONObject
    /// nil for a feature whose `geometry` is null (an unlocated feature, valid GeoJSON).
    public var geometry: GeoJSONGeometry?

    public init(index: Int, id: JSONValue? = nil, properties: JSONObject = JSONObject(), geometry: GeoJSONGeometry?) {
        self.index = index
        self.id = id
        self.properties = properties
        self.geometry = geometry
    }
}
