/// A table of text cells: a workbook's sheet (XLSX, XLS, ODS) or a layer's attributes, with its
/// header found.
///
/// Bureau workbooks put a title or notes above the header, leave empty rows, and store numbers
/// as numbers or as text at random; every cell is given as the text the program shows, so the
/// caller checks it as it checks a CSV field.
public struct SheetTable: Sendable {
    /// One row after the header: its number and its cells in column order (nil for empty).
    public struct Row: Hashable, Sendable {
        /// The 1-based row of the sheet, as a spreadsheet program shows it (the feature id for a
        /// layer's attributes).
        public var number: Int
        public var cells: [String?]
    }

    public var file: String
    /// The sheet's (or layer's) name.
    public var name: String
    /// Whether `name` is a sheet (rows are sheet rows) rather than a layer (rows are features).
    public var isSheet: Bool
    /// The sheet row holding the column names (0 for a layer: its field names).
    public var headerRow: Int
    /// The column names; an empty header cell is named by its column letter (`column C`).
    public var columns: [String]
    /// The non-empty rows after the header.
    public var rows: [Row]
    /// GDAL's warnings while reading.
    public var warnings: [String]
}
