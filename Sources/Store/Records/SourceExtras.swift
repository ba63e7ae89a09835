/// What a register says of a source beyond the fields permitwatch knows: its other columns and
/// the area it declares. Most registers say neither, so a record holds this as one optional
/// reference rather than two optional strings, and stays as small as it was.
public final class SourceExtras: Sendable, Equatable {
    /// The register's other columns as a JSON object (see `SourceRecord.attributes`).
    public let attributes: String?
    /// The declared area's code, as given (see `SourceRecord.declaredAreaCode`).
    public let declaredAreaCode: String?

    /// Nil when there is nothing to keep.
    public init?(attributes: String?, declaredAreaCode: String?) {
        guard attributes != nil || declaredAreaCode != nil else { return nil }
        self.attributes = attributes
        self.declaredAreaCode = declaredAreaCode
    }

    public static func == (lhs: SourceExtras, rhs: SourceExtras) -> Bool {
        lhs === rhs || (lhs.attributes == rhs.attributes && lhs.declaredAreaCode == rhs.declaredAreaCode)
    }
}
