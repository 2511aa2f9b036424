/*
 * Test-only stand-in for Windows' bcryptprimitives.dll, for the Wine check in
 * `cargo xtask test` and never part of the installer.
 *
 * Rust's standard library takes its randomness from ProcessPrng in
 * bcryptprimitives.dll (Windows 10 and later). Debian 12's Wine 8 does not
 * export it, so a Windows build of Sinkron does not even load there. This DLL
 * exports ProcessPrng and forwards it to RtlGenRandom (advapi32's
 * SystemFunction036), which Wine has. It is copied into the throwaway Wine
 * prefix's system32 only.
 *
 * x86_64-w64-mingw32-gcc -shared -O2 -o bcryptprimitives.dll bcryptprimitives.c
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
