import Foundation

/// Reads an input file whole, with an error that names it.
enum FileInput {
    static func read(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            let reason = !exists ? "no such file" : (isDirectory.boolValue ? "is a directory, expected a file" : "cannot be read")
            throw RejectedInput(problems: [InputError(file: path, line: nil, field: nil, message: reason)])
        }
        return [UInt8](data)
    }
}
