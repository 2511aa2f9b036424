; Sinkron's Windows installer, built on Linux by `cargo xtask bundle-windows` with Debian's
; makensis. Written by hand instead of Tauri's bundler so that nothing is downloaded at build
; time (Tauri's NSIS step fetches plugins and the WebView2 bootstrapper).
;
; What it does, for the office's IT staff:
;   - installs per machine into Program Files (UAC prompt), or silently with /S
;     (/D=C:\Path picks the folder; /NODESKTOP leaves the desktop shortcut out);
;   - Start menu shortcut, optional desktop shortcut, an entry in Apps & features;
;   - warns in Indonesian when the WebView2 runtime is missing (it downloads nothing);
;   - upgrades in place over an older Sinkron. The office's data is never touched:
;     %APPDATA%\id.disdukcapil.sinkron (sinkron.db, database.json, kiosk.json) and the server
;     password in Credential Manager stay through install, upgrade and uninstall. Uninstall
;     asks before removing the data folder and keeps it unless told otherwise.
;
; makensis -DVERSION=0.3.0 -DSRCDIR=<folder with sinkron.exe> -DROOT=<repo> -DOUTFILE=<setup.exe>

!ifndef VERSION | SRCDIR | ROOT | OUTFILE
  !error "Build with cargo xtask bundle-windows (VERSION, SRCDIR, ROOT and OUTFILE are required)"
!endif

; A 64-bit installer for a 64-bit app: it runs where Sinkron can (and under Wine's wine64).
Target amd64-unicode
SetCompressor /SOLID lzma
ManifestDPIAware true

!define PRODUCT "Sinkron"
!define PUBLISHER "Disdukcapil"
!define IDENTIFIER "id.disdukcapil.sinkron"
!define EXE "sinkron.exe"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${PRODUCT}"
; The Evergreen WebView2 runtime's client id, as Microsoft documents for installers.
!define WEBVIEW2_KEY "Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"

Name "${PRODUCT}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\${PRODUCT}"
RequestExecutionLevel admin
BrandingText "${PRODUCT} ${VERSION}"

; The installer's own file properties.
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "FileDescription" "Penginstal ${PRODUCT} — Sinkronisasi Data (BPJS / Bank / Data Online)"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "LegalCopyright" "${PUBLISHER}"

!include MUI2.nsh
!include LogicLib.nsh
!include x64.nsh
!include FileFunc.nsh
!include WordFunc.nsh

!define MUI_ICON "${ROOT}\icons\icon.ico"
!define MUI_UNICON "${ROOT}\icons\icon.ico"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_TEXT "${PRODUCT} ${VERSION} sudah terpasang. Buka dari menu Start (${PRODUCT}).$\r$\n$\r$\nData kantor di komputer ini tidak diubah oleh penginstal."

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Indonesian"

Section "${PRODUCT}" SecApp
  SectionIn RO
  SetShellVarContext all
  SetOutPath "$INSTDIR"
  ; An upgrade cannot replace a running Sinkron: ask to close it first.
  ${DoWhile} ${FileExists} "$INSTDIR\${EXE}"
    ClearErrors
    FileOpen $0 "$INSTDIR\${EXE}" a
    ${IfNot} ${Errors}
      FileClose $0
      ${Break}
    ${EndIf}
    MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "Sinkron masih terbuka di komputer ini. Tutup Sinkron (semua jendelanya), lalu pilih Coba Lagi." /SD IDCANCEL IDRETRY +2
    Abort "Sinkron masih terbuka — pemasangan dibatalkan."
  ${Loop}
  File "${SRCDIR}\${EXE}"
  File "${SRCDIR}\WebView2Loader.dll"
  File "/oname=LICENSE-wilayah.txt" "${ROOT}\crates\core\data\LICENSE-wilayah"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateShortcut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0

  ; Apps & features.
  SetRegView 64
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${EXE},0"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
  SectionGetSize ${SecApp} $0
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "EstimatedSize" $0
SectionEnd

Section "Pintasan di desktop" SecDesktop
  SetShellVarContext all
  CreateShortcut "$DESKTOP\${PRODUCT}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0
SectionEnd

LangString DESC_App ${LANG_INDONESIAN} "Aplikasi Sinkron (wajib)."
LangString DESC_Desktop ${LANG_INDONESIAN} "Ikon Sinkron di desktop semua pengguna komputer ini."
!insertmacro MUI_FUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${SecApp} $(DESC_App)
  !insertmacro MUI_DESCRIPTION_TEXT ${SecDesktop} $(DESC_Desktop)
!insertmacro MUI_FUNCTION_DESCRIPTION_END

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_OK|MB_ICONSTOP "Sinkron memerlukan Windows 64-bit (Windows 10 atau 11)." /SD IDOK
    Abort
  ${EndIf}
  SetRegView 64
  ; An upgrade goes where the installed copy is.
  ReadRegStr $0 HKLM "${UNINSTALL_KEY}" "InstallLocation"
  ${If} $0 != ""
    StrCpy $INSTDIR $0
  ${EndIf}
  ; Going back to an older version would meet a database a newer one has already changed.
  ReadRegStr $1 HKLM "${UNINSTALL_KEY}" "DisplayVersion"
  ${If} $1 != ""
    ${VersionCompare} "$1" "${VERSION}" $2
    ${If} $2 == 1
      MessageBox MB_YESNO|MB_ICONEXCLAMATION|MB_DEFBUTTON2 "Sinkron $1 yang terpasang lebih baru dari penginstal ini (${VERSION}). Versi lama mungkin tidak dapat membuka data yang sudah dipakai versi baru. Tetap pasang ${VERSION}?" /SD IDNO IDYES +2
      Abort
    ${EndIf}
  ${EndIf}
  ${GetParameters} $3
  ClearErrors
  ${GetOptions} $3 "/NODESKTOP" $4
  ${IfNot} ${Errors}
    !insertmacro UnselectSection ${SecDesktop}
  ${EndIf}
  Call CheckWebView2
FunctionEnd

; Windows 10/11 normally have WebView2. Without it Sinkron installs but cannot open its
; window, so say what to install; nothing is downloaded.
Function CheckWebView2
  SetRegView 32
  ReadRegStr $0 HKLM "SOFTWARE\${WEBVIEW2_KEY}" "pv"
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    ReadRegStr $0 HKCU "Software\${WEBVIEW2_KEY}" "pv"
  ${EndIf}
  SetRegView 64
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    MessageBox MB_OK|MB_ICONINFORMATION "Microsoft Edge WebView2 Runtime belum terpasang di komputer ini.$\r$\n$\r$\nSinkron tetap dipasang, tetapi baru dapat dibuka setelah WebView2 Runtime dipasang: unduh $\"Evergreen Standalone Installer (x64)$\" dari situs Microsoft (cari $\"WebView2 Runtime$\") atau minta bagian IT memasangnya." /SD IDOK
  ${EndIf}
FunctionEnd

Section "Uninstall"
  SetShellVarContext all
  Delete "$SMPROGRAMS\${PRODUCT}.lnk"
  Delete "$DESKTOP\${PRODUCT}.lnk"
  Delete "$INSTDIR\${EXE}"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\LICENSE-wilayah.txt"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  SetRegView 64
  DeleteRegKey HKLM "${UNINSTALL_KEY}"
  ; The office's data stays unless the person says otherwise (never in a silent uninstall).
  SetShellVarContext current
  ${If} ${FileExists} "$APPDATA\${IDENTIFIER}\*.*"
    MessageBox MB_YESNO|MB_ICONQUESTION|MB_DEFBUTTON2 "Hapus juga data Sinkron milik pengguna ini?$\r$\n$\r$\n$APPDATA\${IDENTIFIER}$\r$\n$\r$\nIsinya: database permohonan dan foto dokumen (jika komputer ini bekerja sendiri tanpa server kantor), serta pengaturan koneksi dan anjungan. Data yang dihapus tidak dapat dikembalikan. Pilih Tidak untuk menyimpannya." /SD IDNO IDNO keep
    RMDir /r "$APPDATA\${IDENTIFIER}"
    RMDir /r "$LOCALAPPDATA\${IDENTIFIER}"
    keep:
  ${EndIf}
SectionEnd
