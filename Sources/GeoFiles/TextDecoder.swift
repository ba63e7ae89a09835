import CGDAL

/// Decodes one layer's strings to Swift strings.
///
/// A Shapefile's `.dbf` may not say its encoding (no `.cpg`, no language driver); Chinese ones
/// are then GBK as often as UTF-8. Like the CSV reader, the encoding is detected rather than
/// assumed: the layer is read as UTF-8, and the first string that is not valid UTF-8 restarts
/// the reading with every string decoded as GB18030 (a superset of GBK), so a layer is never
/// half one and half the other.
struct TextDecoder: CustomStringConvertible {
    enum Mode {
        /// GDAL gives UTF-8 (the format says so, or the driver recoded it).
        case utf8
        /// Recoded here from this encoding (iconv through GDAL's `CPLRecode`).
        case recode(String)
        /// UTF-8 until a string is not.
        case detect
    }

    let mode: Mode
    /// How the text was decoded, for the layer's report.
    let description: String

    /// The decoder to read again with when `detect` met a string that is not UTF-8.
    var fallback: TextDecoder { TextDecoder(mode: .recode("GB18030"), description: "GB18030 (detected)") }

    /// Field `index` of `feature`; nil when the text is not UTF-8 while detecting.
    func value(_ feature: OGRFeatureH, _ index: Int32, type: OGRFieldType) -> FieldValue? {
        guard OGR_F_IsFieldSetAndNotNull(feature, index) != 0 else { return .null }
        switch type {
        case OFTInteger, OFTInteger64:
            return .integer(OGR_F_GetFieldAsInteger64(feature, index))
        case OFTReal:
            return .real(OGR_F_GetFieldAsDouble(feature, index))
        default:
            guard let raw = OGR_F_GetFieldAsString(feature, index) else { return .null }
            return text(raw).map(FieldValue.text)
        }
    }

    private func text(_ raw: UnsafePointer<CChar>) -> String? {
        switch mode {
        case .utf8:
            return String(cString: raw)
        case .detect:
            return String(validatingCString: raw)
        case .recode(let encoding):
            let recoded = CPLRecode(raw, encoding, "UTF-8")
            defer { VSIFree(recoded) }
            return String(cString: recoded)
        }
    }
}
