// Every word the operator reads, in one place. Field names, hints and status names are the
// service page's own words (Petunjuk Pengajuan Layanan — Sinkronisasi Data).
// Messages about the data itself come from the core, already in Indonesian; they are shown as
// they are and are not repeated here.

export const S = Object.freeze({
  appName: 'Sinkron',
  appTagline: 'Sinkronisasi Data',
  serviceName: 'Sinkronisasi Data (BPJS / Bank / Data Online)',

  nav: {
    label: 'Navigasi utama',
    intake: 'Pengajuan Baru',
    list: 'Daftar Pengajuan',
    recap: 'Rekap',
    settings: 'Pengaturan',
    about: 'Tentang',
    openBadge: (n) => `${n} pengajuan belum selesai`,
    soon: 'Segera tersedia',
    office: 'Kantor',
    operator: 'Petugas',
  },

  intake: {
    title: 'Pengajuan Baru',
    subtitle: 'Isian Pengajuan — Sinkronisasi Data (BPJS / Bank / Data Online)',
    required: 'wajib diisi',
    fields: {
      name: { label: 'Nama Pemohon', hint: 'Isi nama pemohon' },
      nik: { label: 'NIK Pemohon', hint: 'Isi NIK pemohon' },
      kk: { label: 'Nomor Kartu Keluarga', hint: 'Isi nomor Kartu Keluarga pemohon' },
      problem: {
        label: 'Permasalahan Data',
        hint: 'Isi permasalahan data, misal : NIK 1610xxxxxxx tdk bisa daftar BPJS / data tidak ditemukan di BANK Mandiri',
      },
      wa: { label: 'Nomor WA Pemohon', hint: 'Isi nomor WA pemohon dalam format 081xxx' },
    },
    charCount: (n) => `${n} karakter`,
    save: 'Simpan Pengajuan',
    saving: 'Menyimpan…',
    reset: 'Kosongkan',
    shortcut: 'Ctrl+Enter',
    invalid: 'Pengajuan belum dapat disimpan. Periksa isian yang ditandai merah.',
    warningLabel: 'Perhatian',
    errorLabel: 'Kesalahan',
    checking: 'Memeriksa…',
    aside: {
      requirementsTitle: 'Persyaratan',
      requirements: ['Kartu Keluarga', 'KTP-el'],
      statusTitle: 'Setelah disimpan',
      status: 'Pengajuan mendapat nomor registrasi dan berstatus Baru sampai disetujui petugas.',
      keysTitle: 'Pintasan',
      keys: [
        ['Tab', 'pindah kolom dan periksa isian'],
        ['Ctrl+Enter', 'simpan pengajuan'],
      ],
    },
  },

  done: {
    title: 'Pengajuan tersimpan',
    regLabel: 'Nomor Registrasi',
    statusLabel: 'Status',
    applicant: 'Pemohon',
    note: 'Sampaikan nomor registrasi ini kepada pemohon untuk memeriksa status pengajuan.',
    again: 'Pengajuan Baru lagi',
    toList: 'Lihat Daftar Pengajuan',
    statusNew: 'Baru',
  },

  list: {
    title: 'Daftar Pengajuan',
    total: (n) => `${n} pengajuan`,
    open: (n) => `${n} belum selesai`,
    cols: {
      reg: 'No. Registrasi',
      name: 'Nama Pemohon',
      nik: 'NIK',
      status: 'Status',
      created: 'Diajukan',
    },
    empty: 'Belum ada pengajuan.',
    emptyAction: 'Buat Pengajuan Baru',
    prev: 'Sebelumnya',
    next: 'Berikutnya',
    page: (p, n) => `Halaman ${p} dari ${n}`,
    range: (a, b, t) => `${a}–${b} dari ${t}`,
    refresh: 'Muat ulang',
    loading: 'Memuat…',
  },

  about: {
    title: 'Tentang Sinkron',
    description:
      'Aplikasi layanan Sinkronisasi Data (BPJS / Bank / Data Online) untuk Dinas Kependudukan dan Pencatatan Sipil.',
    version: 'Versi',
    office: 'Kantor',
    dbPath: 'Lokasi basis data',
    regionSource: 'Sumber kode wilayah',
    regionLicence: 'Lisensi data wilayah',
    showLicence: 'Tampilkan teks lisensi',
  },

  errors: {
    title: 'Terjadi kesalahan',
    generic: 'Terjadi kesalahan yang tidak terduga. Coba lagi; bila masih terjadi, hubungi admin.',
    noBridge: 'Aplikasi tidak terhubung ke Sinkron. Tutup lalu buka kembali aplikasi.',
    dismiss: 'Tutup',
  },
});

// Status chip class by the status word the core sends. The word itself is always shown.
export const STATUS_CLASS = Object.freeze({
  Baru: 'chip-new',
  Disetujui: 'chip-approved',
  Diproses: 'chip-processing',
  Selesai: 'chip-done',
  Dibatalkan: 'chip-cancelled',
});
