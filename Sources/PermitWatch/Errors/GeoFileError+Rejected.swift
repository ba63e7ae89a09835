import GeoFiles

extension GeoFileError {
    /// The file's problem as the ingests report problems (`RejectedInput`, exit status 2).
    var rejected: RejectedInput {
        RejectedInput(problem: InputError(
            file: file, line: row, feature: feature.map { Int($0) }, field: nil, message: reason, layer: layer, isSheet: isSheet))
    }
}
