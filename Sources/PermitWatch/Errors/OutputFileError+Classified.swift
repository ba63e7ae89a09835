import FileWriting

/// A file that cannot be written is the user's path at fault: a usage error naming the option.
extension OutputFileError: ClassifiedError {
    public var kind: ErrorKind { .usage }

    public var parameter: String? { option }

    public func message(for frontEnd: FrontEnd) -> String {
        ParameterError(option, path, "cannot be written: \(reason)").message(for: frontEnd)
    }
}
