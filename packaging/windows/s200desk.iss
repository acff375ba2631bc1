; Inno Setup 6 script: a per-user installer for the PyInstaller onedir build (no admin rights).
;   iscc /DAppVersion=0.1.0 packaging\windows\s200desk.iss
; Input: build\pyinstaller\dist\s200desk\ (see packaging/README.md). Output: dist\s200desk-<version>-windows-x64-setup.exe
#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=x.y.z packaging\windows\s200desk.iss
#endif
#define AppName "s200desk"
#define Root "..\.."

[Setup]
; A fixed AppId ties upgrades and the uninstaller to this app: never change it.
AppId={{6F1C2B7E-2D4A-4C1B-9E55-5A1D2C0B7F31}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=the s200desk authors
; Per-user: installs under %LOCALAPPDATA%\Programs, no UAC prompt; an uninstaller is created and
; listed in Settings > Apps.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
SetupIconFile={#Root}\build\icons\s200desk.ico
UninstallDisplayIcon={app}\s200desk.exe
UninstallDisplayName={#AppName}
OutputDir={#Root}\dist
OutputBaseFilename={#AppName}-{#AppVersion}-windows-x64-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#Root}\build\pyinstaller\dist\s200desk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
; {autoprograms} is the user's Start menu for a per-user install.
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\s200desk.exe"
Name: "{autoprograms}\{#AppName} demo"; Filename: "{app}\s200desk.exe"; Parameters: "--demo"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\s200desk.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\s200desk.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
