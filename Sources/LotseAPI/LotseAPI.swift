// The generated code of this target comes from `openapi.yaml` (the API contract) through the
// swift-openapi-generator build plugin. Nothing here is written by hand: change the contract,
// and the types and the `APIProtocol` that the app implements change with it.
