// The default dataset generator lives here.
