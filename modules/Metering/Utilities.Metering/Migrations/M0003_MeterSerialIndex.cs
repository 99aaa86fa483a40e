using FluentMigrator;

namespace Utilities.Metering.Migrations;

/// <summary>
/// Bulk imports find meters by serial alone (the utility column is optional); the unique
/// (utility, serial) index cannot serve that, so a file sorted by meter would scan all meters
/// once per batch.
/// </summary>
[Migration(3, "metering: meters by serial")]
public sealed class M0003_MeterSerialIndex : Migration
{
    public override void Up() => Execute.Sql("create index ix_meters_serial on metering.meters (serial)");

    public override void Down() => Execute.Sql("drop index metering.ix_meters_serial");
}
