; Inno Setup 6 script of CT20 Desktop: a per-user install that needs no administrator rights.
;
; Build the app first, then the installer (Windows, Inno Setup 6.3 or later):
;     python packaging\build.py --installer
; or, after build.py:  iscc packaging\ct20.iss   ->  dist\installer\CT20-Setup-<version>.exe
;
; The version comes from desktop/__init__.py through build\generated\version.iss, which
; packaging/build.py writes. The Vietnamese wizard texts (Inno Setup ships them as an unofficial
; translation) are used when build\generated\Vietnamese.isl exists; the Windows workflow fetches it.
; This file is UTF-8 with a byte order mark, which Inno Setup needs to read Vietnamese.

#include SourcePath + "..\build\generated\version.iss"

#define AppName "CT20 Desktop"
#define AppExe "ct20.exe"
#define PackageProgId "CT20.Package"
; What Windows runs when the user opens a .asice package: `ct20.exe gui --open "%1"` imports a report
; package in the Inbox, or attaches a receipt to the report it answers (desktop/ui/open_files.py);
; when CT20 is already open, the file is passed to that window. The quoted "%1" (the file's path,
; which may have spaces) follows these arguments in the [Registry] command below, its quotes
; doubled there as Inno Setup requires inside a quoted value.
#define AsiceOpenArgs "gui --open"

#if FileExists(SourcePath + "..\build\generated\Vietnamese.isl")
  #define HaveVietnamese
#endif

[Setup]
; The AppId identifies the installation for upgrades and the uninstaller: never change it.
AppId={{3C8F0E7A-5B1D-4E2A-9C63-0D2F7B4A81E5}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
VersionInfoVersion={#AppVersionNumeric}
VersionInfoProductVersion={#AppVersionNumeric}
VersionInfoDescription={#AppName} Setup
; Officers do not administer their PCs: install for the current user only, never ask for elevation.
PrivilegesRequired=lowest
DefaultDirName={localappdata}\Programs\CT20
DefaultGroupName=CT20
DisableProgramGroupPage=yes
DisableDirPage=auto
UsePreviousAppDir=yes
OutputDir=..\dist\installer
OutputBaseFilename=CT20-Setup-{#AppVersion}
Compression=lzma2/max
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
WizardStyle=modern
UninstallDisplayName={#AppName}
UninstallDisplayIcon={app}\{#AppExe}
; Windows Restart Manager closes a running CT20 before its files are replaced.
CloseApplications=yes
RestartApplications=no
ChangesAssociations=yes
SetupLogging=yes
ShowLanguageDialog=auto

[Languages]
#ifdef HaveVietnamese
Name: "vi"; MessagesFile: "..\build\generated\Vietnamese.isl"
#endif
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
#ifdef HaveVietnamese
vi.PackageTypeName=Gói báo cáo CT20 có ký số
vi.ShortcutComment=Báo cáo thực hiện Chỉ thị 20/CT-TTg
#endif
en.PackageTypeName=CT20 signed report package
en.ShortcutComment=Reports under Directive 20/CT-TTg

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "associate"; Description: "{cm:AssocFileExtension,{#AppName},.asice}"

[InstallDelete]
; An upgrade replaces the whole bundle: files an older version had and this one does not
; (an old Qt plugin, a removed module) must not linger and be loaded. User data is never here.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "..\dist\ct20\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "{cm:ShortcutComment}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "{cm:ShortcutComment}"; Tasks: desktopicon

[Registry]
; The .asice association, per user (HKA is HKCU\Software\Classes for a non-administrative install).
Root: HKA; Subkey: "Software\Classes\.asice"; ValueType: string; ValueName: ""; ValueData: "{#PackageProgId}"; Flags: uninsdeletevalue; Tasks: associate
Root: HKA; Subkey: "Software\Classes\.asice"; ValueType: string; ValueName: "Content Type"; ValueData: "application/vnd.etsi.asic-e+zip"; Flags: uninsdeletevalue; Tasks: associate
Root: HKA; Subkey: "Software\Classes\.asice\OpenWithProgids"; ValueType: string; ValueName: "{#PackageProgId}"; ValueData: ""; Flags: uninsdeletevalue; Tasks: associate
Root: HKA; Subkey: "Software\Classes\{#PackageProgId}"; ValueType: string; ValueName: ""; ValueData: "{cm:PackageTypeName}"; Flags: uninsdeletekey; Tasks: associate
Root: HKA; Subkey: "Software\Classes\{#PackageProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"; Tasks: associate
Root: HKA; Subkey: "Software\Classes\{#PackageProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" {#AsiceOpenArgs} ""%1"""; Tasks: associate
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".asice"; ValueData: ""; Flags: uninsdeletekey

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; The uninstaller removes only what it installed. The user's data - the store with its settings,
; backups and logs in %APPDATA%\CT20 - is left alone, so reinstalling finds every report again.
