/// Why a file is not the GeoJSON an import expected, naming the feature and the member.
///
/// Imports are all-or-nothing, so the first error rejects the file; the message has to let a
/// planner find and fix that feature in QGIS without reading code, e.g.
/// `feature 12: geometry.coordinates: expected an array of linear rings, found a number`.
public struct GeoJSONError: Error, Hashable, Sendable, CustomStringConvertible {
    /// 0-based index of the offending feature; nil when the document as a whole is wrong.
    public let featureIndex: Int?
    /// What is wrong, without the `feature N: ` prefix.
    public let message: String
    /// Set when the bytes are not JSON at all; `message` then repeats its description.
    public let syntaxError: JSONParseError?

    public init(featureIndex: Int?, message: String) {
        self.featureIndex = featureIndex
        self.message = message
        self.syntaxError = nil
    }

    public init(syntaxError: JSONParseError) {
        self.featureIndex = nil
        self.message = "not valid JSON: \(syntaxError.description)"
        self.syntaxError = syntaxError
    }

    public var description: String {
        if let featureIndex { return "feature \(featureIndex): \(message)" }
        return message
    }
}
