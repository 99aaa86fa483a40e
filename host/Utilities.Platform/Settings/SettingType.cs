namespace Utilities.Platform.Settings;

public enum SettingType
{
    Integer,
    Decimal,
    Text,
    Boolean,
    TimeZone,
}
