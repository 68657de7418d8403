/// The seeded generator and the soak's attack code live in AttendSoak (attendbench uses them
/// too); every test that imports the support library sees them.
@_exported import AttendSoak
