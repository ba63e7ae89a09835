/// Why a file read through GDAL could not be used: which file, layer (or sheet) and feature
/// (or row), and what was expected.
///
/// The module's one error, so a caller can turn it into its own located problem without
/// parsing text. GDAL's own messages, when it gave any, are part of `reason`.
public struct GeoFileError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file as the caller named it.
    public var file: String
    /// The layer, or the sheet of a workbook; nil when the problem is the file as a whole.
    public var layer: String?
    /// Whether `layer` is a workbook's sheet (then `row` locates the problem) or a vector layer.
    public var isSheet: Bool
    /// The feature's id (its FID, as `ogrinfo` shows it) within `layer`.
    public var feature: Int64?
    /// The 1-based row of a sheet, as a spreadsheet program numbers it.
    public var row: Int?
    /// What went wrong and what was expected.
    public var reason: String

    /// A problem of `file` (or of one layer, feature or row of it).
    public init(file: String, layer: String? = nil, isSheet: Bool = false, feature: Int64? = nil, row: Int? = nil, reason: String) {
        self.file = file
        self.layer = layer
        self.isSheet = isSheet
        self.feature = feature
        self.row = row
        self.reason = reason
    }

    /// `FILE: layer NAME, feature N: reason` or `FILE: sheet NAME, row N: reason`.
    public var description: String {
        var text = file
        if let layer { text += ": \(isSheet ? "sheet" : "layer") \(layer)" }
        if let feature { text += ", feature \(feature)" }
        if let row { text += ", row \(row)" }
        return text + ": " + reason
    }
}
