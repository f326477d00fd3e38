; Inno Setup 6 script of CT20 Desktop: a per-user install that needs no administrator rights.
;
; Build the app first, then the installer (Windows, Inno Setup 6: the workflow pins 6.7.1; 7.x is not supported yet):
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
; The named mutex the running app holds (packaging/entry.py, APP_MUTEX): setup and the uninstaller
; wait for CT20 to be closed instead of replacing files under it.
#define AppMutexName "CT20Desktop.Running"

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
; Officers do not administer their PCs: by default install for the current user, never ask for
; elevation. IT may install for all users in Program Files instead (/ALLUSERS, or the dialog).
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=commandline dialog
DefaultDirName={autopf}\CT20
DefaultGroupName=CT20
DisableProgramGroupPage=yes
DisableDirPage=auto
UsePreviousAppDir=yes
OutputDir=..\dist\installer
OutputBaseFilename=CT20-Setup-{#AppVersion}
Compression=lzma2/ultra64
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Qt 6 needs Windows 10 version 1809 (build 17763) or later.
MinVersion=10.0.17763
; in this session and in any other (Global\): IT may install for all users while CT20 runs
AppMutex={#AppMutexName},Global\{#AppMutexName}
SetupIconFile=..\resources\icons\ct20.ico
WizardStyle=modern
UninstallDisplayName={#AppName}
UninstallDisplayIcon={app}\{#AppExe}
; Windows Restart Manager closes a running CT20 before its files are replaced.
CloseApplications=yes
RestartApplications=no
ChangesAssociations=yes
SetupLogging=yes
; Code signing: build.py passes /Sct20sign=... and /DSign when a certificate is configured (CI
; secrets); the uninstaller is then signed too. Without them the installer is built unsigned.
#ifdef Sign
SignTool=ct20sign
SignedUninstaller=yes
#endif
ShowLanguageDialog=auto

[Languages]
#ifdef HaveVietnamese
Name: "vi"; MessagesFile: "..\build\generated\Vietnamese.isl"
#endif
Name: "en"; MessagesFile: "compiler:Default.isl"

[Messages]
#ifdef HaveVietnamese
vi.WinVersionTooLowError=CT20 Desktop cần Windows 10 phiên bản 1809 (bản dựng 17763) trở lên, hoặc Windows 11. Hãy cập nhật Windows rồi cài đặt lại.
#endif
en.WinVersionTooLowError=CT20 Desktop needs Windows 10 version 1809 (build 17763) or later, or Windows 11. Please update Windows, then run the setup again.

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
; The default program for .asice only when no other program owns the extension (a signing tool of a
; CA may): otherwise CT20 is only offered in "Open with" (OpenWithProgids).
Root: HKA; Subkey: "Software\Classes\.asice"; ValueType: string; ValueName: ""; ValueData: "{#PackageProgId}"; Flags: uninsdeletevalue; Tasks: associate; Check: AsiceIsFree
Root: HKA; Subkey: "Software\Classes\.asice"; ValueType: string; ValueName: "Content Type"; ValueData: "application/vnd.etsi.asic-e+zip"; Flags: uninsdeletevalue; Tasks: associate; Check: AsiceIsFree
Root: HKA; Subkey: "Software\Classes\.asice\OpenWithProgids"; ValueType: string; ValueName: "{#PackageProgId}"; ValueData: ""; Flags: uninsdeletevalue; Tasks: associate
Root: HKA; Subkey: "Software\Classes\{#PackageProgId}"; ValueType: string; ValueName: ""; ValueData: "{cm:PackageTypeName}"; Flags: uninsdeletekey; Tasks: associate
Root: HKA; Subkey: "Software\Classes\{#PackageProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"; Tasks: associate
Root: HKA; Subkey: "Software\Classes\{#PackageProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" {#AsiceOpenArgs} ""%1"""; Tasks: associate
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".asice"; ValueData: ""; Flags: uninsdeletekey

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; The uninstaller removes only what it installed. The user's data - the store with its settings,
; backups and logs in %LOCALAPPDATA%\CT20 (copied there once from the %APPDATA%\CT20 of older
; releases, which stays) - is left alone, so reinstalling or upgrading finds every report again.

[Code]
// True when .asice has no default program yet, or it is already ours (an upgrade).
function AsiceIsFree: Boolean;
var
  Owner: String;
begin
  if RegQueryStringValue(HKEY_CLASSES_ROOT, '.asice', '', Owner) then
    Result := (Owner = '') or (CompareText(Owner, '{#PackageProgId}') = 0)
  else
    Result := True;
end;
