"""The nine national competencies of PermenPANRB 38/2017 (Standar Kompetensi Jabatan ASN): eight
manajerial (M.01–M.08) and one sosial kultural (SK.01), each with levels 1–5.

Every tenant gets them as locked rows (`is_national`) so that standards and assessments always
point at a tenant-scoped competency; the texts live here, keyed by code and level, and are shown
in the reader's language. The levels follow the regulation's scope ladder: 1 the individual,
2 the team, 3 the unit, 4 the agency (instansi), 5 the nation.

The texts are not wrapped in gettext: they are reference data with both languages side by side,
chosen by `text(...)` from the current locale.
"""
from __future__ import annotations

from dataclasses import dataclass

REGULATION = "PermenPANRB 38/2017"
LEVELS = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Level:
    description: dict[str, str]
    indicators: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class NationalCompetency:
    code: str
    kind: str  # manajerial | sosial_kultural
    name: dict[str, str]
    definition: dict[str, str]
    levels: dict[int, Level]


def _lv(id_desc: str, en_desc: str, id_ind: tuple[str, ...], en_ind: tuple[str, ...]) -> Level:
    return Level({"id": id_desc, "en": en_desc}, {"id": id_ind, "en": en_ind})


NATIONAL: tuple[NationalCompetency, ...] = (
    NationalCompetency(
        "M.01", "manajerial", {"id": "Integritas", "en": "Integrity"},
        {"id": "Konsisten berperilaku selaras dengan nilai, norma dan/atau etika organisasi, jujur dalam "
               "hubungan dengan manajemen, rekan kerja, bawahan langsung dan pemangku kepentingan, serta "
               "menciptakan budaya etika tinggi.",
         "en": "Consistently behaves in line with the organisation's values, norms and ethics; is honest with "
               "management, colleagues, direct reports and stakeholders; builds a culture of high ethics."},
        {
            1: _lv("Mampu bertindak sesuai nilai, norma, etika organisasi dalam kapasitas pribadi.",
                   "Acts in line with the organisation's values, norms and ethics in a personal capacity.",
                   ("Bertingkah laku sesuai dengan perkataan; berkata sesuai dengan fakta.",
                    "Melaksanakan peraturan, kode etik organisasi dalam lingkungan kerja sehari-hari.",
                    "Tidak menjanjikan atau memberikan sesuatu yang bertentangan dengan aturan organisasi."),
                   ("Does what they say; says what the facts are.",
                    "Follows the rules and the code of ethics in everyday work.",
                    "Neither promises nor gives anything that breaks the organisation's rules.")),
            2: _lv("Mampu mengingatkan, mengajak rekan kerja untuk bertindak sesuai nilai, norma, dan etika "
                   "organisasi.",
                   "Reminds and invites colleagues to act in line with the organisation's values, norms and ethics.",
                   ("Mengingatkan rekan kerja untuk bertindak sesuai dengan nilai, norma, dan etika organisasi.",
                    "Menyatakan secara terbuka pelanggaran etika yang dilihatnya.",
                    "Mengajak orang lain untuk bertindak sesuai etika dan kode etik."),
                   ("Reminds colleagues to act according to the organisation's values, norms and ethics.",
                    "Speaks up openly about ethical breaches they witness.",
                    "Invites others to act ethically and by the code of conduct.")),
            3: _lv("Mampu memastikan, menanamkan keyakinan bersama agar anggota yang dipimpin bertindak sesuai "
                   "nilai, norma, dan etika organisasi, dalam lingkup formal.",
                   "Ensures and instils a shared conviction that the people they lead act according to the "
                   "organisation's values, norms and ethics, within the formal scope of the unit.",
                   ("Memastikan anggota unit yang dipimpin bertindak sesuai dengan nilai, norma, dan etika.",
                    "Memberi apresiasi dan dukungan bagi perilaku yang sesuai etika, dan menegur pelanggaran.",
                    "Menjadi contoh dalam penerapan kode etik di unitnya."),
                   ("Makes sure the members of their unit act in line with values, norms and ethics.",
                    "Recognises ethical behaviour and addresses breaches.",
                    "Sets the example of the code of ethics in their unit.")),
            4: _lv("Mampu menciptakan situasi kerja yang membuat rekan kerja, bawahan, dan pemangku kepentingan "
                   "menjaga integritas dalam lingkup instansi.",
                   "Creates a working climate in which colleagues, staff and stakeholders uphold integrity "
                   "across the agency.",
                   ("Menyediakan sistem yang mendukung perilaku jujur dan etis di seluruh instansi.",
                    "Memberikan apresiasi dan menindak tegas pelanggaran etika secara konsisten.",
                    "Melibatkan pemangku kepentingan dalam menjaga integritas layanan instansi."),
                   ("Puts in place systems that support honest and ethical conduct across the agency.",
                    "Rewards integrity and acts firmly and consistently on ethical breaches.",
                    "Involves stakeholders in safeguarding the integrity of the agency's services.")),
            5: _lv("Mampu menjadi role model dan keteladanan dalam penerapan standar keadilan dan etika di "
                   "tingkat nasional.",
                   "Is a role model of fairness and ethical standards at the national level.",
                   ("Membuat konsep kebijakan dan strategi penerapan sikap integritas dalam pelaksanaan tugas.",
                    "Menjadi teladan integritas bagi instansi lain dan masyarakat luas.",
                    "Mengambil keputusan yang adil meskipun tidak populer, dengan risiko pribadi."),
                   ("Designs policies and strategies for integrity in carrying out public duties.",
                    "Is an example of integrity for other agencies and the wider public.",
                    "Takes fair decisions even when unpopular and at personal cost.")),
        }),
    NationalCompetency(
        "M.02", "manajerial", {"id": "Kerjasama", "en": "Teamwork"},
        {"id": "Kemampuan menjalin, membina, mempertahankan hubungan kerja yang efektif, memiliki komitmen "
               "saling membantu dalam penyelesaian tugas, dan mengoptimalkan segala sumber daya untuk "
               "mencapai tujuan strategis organisasi.",
         "en": "Builds and maintains effective working relationships, is committed to helping others finish "
               "tasks, and makes the most of every resource to reach the organisation's strategic goals."},
        {
            1: _lv("Berpartisipasi dalam kelompok kerja.", "Takes part in the work group.",
                   ("Menyelesaikan bagian tugasnya dalam kelompok tepat waktu.",
                    "Berbagi informasi yang relevan dengan anggota kelompok.",
                    "Bersikap terbuka dan membantu anggota kelompok lain."),
                   ("Finishes their share of the group's work on time.",
                    "Shares relevant information with the group.",
                    "Is open and helps other members of the group.")),
            2: _lv("Menumbuhkan tim kerja yang partisipatif dan efektif.",
                   "Fosters a participative and effective team.",
                   ("Membantu orang lain dalam menyelesaikan tugas-tugas mereka untuk mendukung sasaran tim.",
                    "Berbagi ilmu, informasi, dan pengalaman dengan anggota tim.",
                    "Menghargai masukan dan keahlian anggota tim."),
                   ("Helps others complete their tasks to support the team's targets.",
                    "Shares knowledge, information and experience with the team.",
                    "Values the input and expertise of team members.")),
            3: _lv("Efektif membangun tim kerja untuk peningkatan kinerja organisasi.",
                   "Builds effective teams to raise the organisation's performance.",
                   ("Melihat kekuatan dan kelemahan anggota tim dan memanfaatkannya untuk tujuan unit.",
                    "Membangun komitmen tim dan menyelesaikan konflik di dalamnya.",
                    "Menciptakan kerja sama lintas unit kerja."),
                   ("Sees the team members' strengths and weaknesses and uses them for the unit's goals.",
                    "Builds the team's commitment and resolves conflict within it.",
                    "Creates cooperation across work units.")),
            4: _lv("Membangun komitmen tim, sinergi.", "Builds team commitment and synergy.",
                   ("Membangun sinergi antarunit kerja di lingkup instansi.",
                    "Memfasilitasi kepentingan yang berbeda dari unit kerja lain untuk tujuan bersama.",
                    "Mengembangkan kemitraan dengan instansi lain dan pemangku kepentingan."),
                   ("Builds synergy between the agency's units.",
                    "Reconciles the differing interests of units towards a shared goal.",
                    "Develops partnerships with other agencies and stakeholders.")),
            5: _lv("Menciptakan situasi kerja sama secara konsisten, baik di dalam maupun di luar instansi.",
                   "Creates lasting cooperation inside and outside the agency.",
                   ("Menciptakan hubungan kerja yang konstruktif dengan menerapkan norma dan etika organisasi.",
                    "Membangun jejaring kerja sama lintas instansi di tingkat nasional.",
                    "Menjadi teladan kolaborasi untuk tujuan nasional."),
                   ("Creates constructive working relationships grounded in the organisation's norms and ethics.",
                    "Builds cooperation networks across agencies at the national level.",
                    "Sets the example of collaboration towards national goals.")),
        }),
    NationalCompetency(
        "M.03", "manajerial", {"id": "Komunikasi", "en": "Communication"},
        {"id": "Kemampuan untuk menerangkan pandangan dan gagasan secara jelas, sistematis disertai "
               "argumentasi yang logis dengan cara-cara yang sesuai, baik secara lisan maupun tertulis; "
               "memastikan pemahaman; mendengarkan secara aktif dan efektif.",
         "en": "Explains views and ideas clearly and systematically with sound arguments, orally and in "
               "writing; makes sure they are understood; listens actively and effectively."},
        {
            1: _lv("Menyampaikan informasi dengan jelas, lengkap, pemahaman yang sama.",
                   "Conveys information clearly and completely, with a shared understanding.",
                   ("Menyampaikan informasi (data), pikiran atau pendapat dengan jelas, singkat dan tepat.",
                    "Mendengarkan dengan baik dan memastikan pemahaman yang sama.",
                    "Menulis dengan bahasa yang baik dan benar."),
                   ("Conveys information, thoughts or opinions clearly, briefly and precisely.",
                    "Listens well and checks for a shared understanding.",
                    "Writes correct and clear language.")),
            2: _lv("Aktif menjalankan komunikasi secara formal dan informal; bersedia mendengarkan orang lain, "
                   "menginterpretasikan pesan dengan respon yang sesuai, mampu menyusun materi presentasi, "
                   "pidato, naskah, laporan, dll.",
                   "Communicates actively, formally and informally; listens to others, interprets messages and "
                   "responds fittingly; prepares presentations, speeches, papers and reports.",
                   ("Menggunakan gaya komunikasi informal untuk meningkatkan hubungan profesional.",
                    "Mendengarkan pihak lain secara aktif dan menangkap pesan dengan tepat.",
                    "Menyusun materi presentasi, pidato, naskah dan laporan yang runtut."),
                   ("Uses informal communication to strengthen professional relationships.",
                    "Listens actively and grasps the message correctly.",
                    "Prepares well-structured presentations, speeches, papers and reports.")),
            3: _lv("Berkomunikasi secara asertif, terampil berkomunikasi lisan/tertulis untuk menyampaikan "
                   "informasi yang sensitif/rumit/kompleks.",
                   "Communicates assertively; conveys sensitive or complex information well, orally and in writing.",
                   ("Menyampaikan suatu informasi yang sensitif/rumit dengan cara penyampaian dan kalimat "
                    "yang efektif.",
                    "Menyampaikan pesan secara persuasif kepada berbagai pihak di unitnya.",
                    "Memfasilitasi diskusi dan mengarahkannya pada kesimpulan."),
                   ("Delivers sensitive or complex information with effective wording and approach.",
                    "Persuades different parties in and around their unit.",
                    "Facilitates discussions and steers them to a conclusion.")),
            4: _lv("Mampu mengemukakan pemikiran multidimensi secara lisan dan tertulis untuk mendorong "
                   "kesepakatan dengan tujuan meningkatkan kinerja secara keseluruhan.",
                   "Puts forward multi-dimensional thinking orally and in writing to reach agreement and raise "
                   "overall performance.",
                   ("Mengintegrasikan informasi penting hasil diskusi dengan pihak lain untuk kesepakatan.",
                    "Menuangkan pemikiran dan konsep yang multidimensi secara lisan dan tertulis.",
                    "Membangun saluran komunikasi yang efektif di lingkup instansi."),
                   ("Integrates key points of discussions with others into an agreement.",
                    "Expresses multi-dimensional concepts orally and in writing.",
                    "Builds effective communication channels across the agency.")),
            5: _lv("Menggagas sistem komunikasi yang terbuka secara strategis untuk mencari solusi dengan tujuan "
                   "meningkatkan kinerja.",
                   "Designs strategically open communication systems to find solutions and raise performance.",
                   ("Menggunakan saluran komunikasi formal dan nonformal guna mencapai kesepakatan nasional.",
                    "Menciptakan sistem komunikasi yang terbuka antara instansi dan publik.",
                    "Menjadi juru bicara yang dipercaya dalam isu strategis."),
                   ("Uses formal and informal channels to reach national agreements.",
                    "Creates open communication systems between agencies and the public.",
                    "Is a trusted spokesperson on strategic issues.")),
        }),
    NationalCompetency(
        "M.04", "manajerial", {"id": "Orientasi pada Hasil", "en": "Results Orientation"},
        {"id": "Kemampuan mempertahankan komitmen pribadi yang tinggi untuk menyelesaikan tugas, dapat "
               "diandalkan, bertanggung jawab, mampu secara sistematis mengidentifikasi risiko dan peluang "
               "dengan memperhatikan keterhubungan antara perencanaan dan hasil, untuk keberhasilan organisasi.",
         "en": "Keeps a strong personal commitment to finishing tasks; is reliable and accountable; "
               "systematically identifies risks and opportunities, linking plans to results, for the "
               "organisation's success."},
        {
            1: _lv("Bertanggung jawab untuk memenuhi standar kerja.",
                   "Takes responsibility for meeting work standards.",
                   ("Menyelesaikan tugas dengan tuntas dan dapat diandalkan.",
                    "Bekerja dengan teliti dan hati-hati guna meminimalkan kesalahan.",
                    "Menunjukkan kesungguhan untuk mencapai hasil kerja yang ditetapkan."),
                   ("Completes tasks fully and dependably.",
                    "Works carefully to keep mistakes to a minimum.",
                    "Shows real effort to reach the agreed results.")),
            2: _lv("Berupaya meningkatkan hasil kerja pribadi yang lebih tinggi dari standar yang ditetapkan, "
                   "mencari, mencoba metode alternatif untuk peningkatan kinerja.",
                   "Strives to exceed the set standard personally; looks for and tries new methods to perform "
                   "better.",
                   ("Menetapkan dan berupaya mencapai standar kerja pribadi yang lebih tinggi.",
                    "Mencari, mencoba metode kerja alternatif untuk meningkatkan hasil kerjanya.",
                    "Memantau dan mengevaluasi hasil kerjanya sendiri."),
                   ("Sets and pursues a personal standard above the required one.",
                    "Looks for and tries alternative methods to improve results.",
                    "Monitors and evaluates their own results.")),
            3: _lv("Menetapkan target kerja yang menantang bagi unit kerja, memberi apresiasi dan teguran untuk "
                   "mendorong kinerja.",
                   "Sets challenging targets for the unit; recognises and corrects to drive performance.",
                   ("Menetapkan target kinerja unit yang lebih tinggi dari standar.",
                    "Mengembangkan metode kerja yang lebih efektif dan efisien di unitnya.",
                    "Memberi apresiasi dan teguran untuk mendorong pencapaian hasil unit."),
                   ("Sets unit targets above the standard.",
                    "Develops more effective and efficient ways of working in the unit.",
                    "Uses recognition and correction to drive the unit's results.")),
            4: _lv("Mendorong unit kerja mencapai target yang ditetapkan atau melebihi hasil kerja sebelumnya.",
                   "Drives units to reach their targets or exceed earlier results.",
                   ("Mendorong unit kerja di tingkat instansi untuk mencapai kinerja yang melebihi target.",
                    "Memantau dan mengevaluasi hasil kerja unit untuk perbaikan berkelanjutan.",
                    "Mengelola risiko untuk menjaga capaian kinerja instansi."),
                   ("Pushes the agency's units to exceed their targets.",
                    "Monitors and evaluates units' results for continuous improvement.",
                    "Manages risk to protect the agency's performance.")),
            5: _lv("Kemampuan menciptakan iklim kerja yang mendorong pencapaian hasil kerja yang tinggi di "
                   "tingkat nasional.",
                   "Creates a climate that drives high performance at the national level.",
                   ("Menciptakan iklim yang mendorong kinerja tinggi lintas instansi.",
                    "Menetapkan sasaran strategis yang menantang dan terukur bagi instansi.",
                    "Mempertimbangkan risiko dan peluang jangka panjang bagi kepentingan nasional."),
                   ("Creates a climate of high performance across agencies.",
                    "Sets challenging, measurable strategic goals for the agency.",
                    "Weighs long-term risks and opportunities in the national interest.")),
        }),
    NationalCompetency(
        "M.05", "manajerial", {"id": "Pelayanan Publik", "en": "Public Service"},
        {"id": "Kemampuan dalam melaksanakan tugas-tugas pemerintahan, pembangunan dan kegiatan pemenuhan "
               "kebutuhan pelayanan publik secara profesional, transparan, mengikuti standar pelayanan yang "
               "objektif, netral, tidak memihak, tidak diskriminatif, serta tidak terpengaruh kepentingan "
               "pribadi/kelompok/golongan/partai politik.",
         "en": "Carries out government, development and public-service tasks professionally and "
               "transparently, to objective service standards; neutral, impartial, non-discriminatory, and "
               "free from personal, group or party interests."},
        {
            1: _lv("Menjalankan pelayanan sesuai SOP.", "Delivers services according to the SOP.",
                   ("Mampu memberikan pelayanan sesuai standar operasional prosedur.",
                    "Bersikap ramah, netral dan tidak diskriminatif kepada penerima layanan.",
                    "Memberikan informasi layanan yang benar kepada masyarakat."),
                   ("Delivers services according to the standard operating procedure.",
                    "Is courteous, neutral and non-discriminatory towards service users.",
                    "Gives the public correct information about services.")),
            2: _lv("Mampu mensupervisi/mengawasi/menyelia dan menjelaskan proses pelaksanaan tugas "
                   "pemerintahan/pelayanan publik secara transparan.",
                   "Supervises and explains the delivery of government and public services transparently.",
                   ("Mengawasi pelaksanaan layanan oleh rekan kerja sesuai standar.",
                    "Menjelaskan proses dan ketentuan layanan secara terbuka kepada masyarakat.",
                    "Menanggapi keluhan penerima layanan dengan tepat."),
                   ("Supervises colleagues' service delivery against the standard.",
                    "Explains service processes and rules openly to the public.",
                    "Responds appropriately to service users' complaints.")),
            3: _lv("Mampu memanfaatkan kekuatan kelompok serta memperbaiki standar pelayanan publik di "
                   "lingkup unit kerja.",
                   "Uses the group's strengths and improves public service standards within the unit.",
                   ("Memperbaiki standar pelayanan di unit kerjanya berdasarkan umpan balik.",
                    "Memastikan pelayanan yang objektif, netral dan tidak memihak di unitnya.",
                    "Mengelola pengaduan masyarakat menjadi perbaikan layanan."),
                   ("Improves the unit's service standards from feedback.",
                    "Ensures objective, neutral and impartial service in the unit.",
                    "Turns public complaints into service improvements.")),
            4: _lv("Mampu memonitor, mengevaluasi, memperhitungkan dan mengantisipasi dampak dari isu-isu "
                   "jangka panjang, kesempatan, atau kekuatan politik dalam hal pelayanan kebutuhan pemangku "
                   "kepentingan yang transparan, objektif, dan profesional.",
                   "Monitors, evaluates and anticipates the impact of long-term issues, opportunities and "
                   "political forces on transparent, objective and professional service to stakeholders.",
                   ("Memonitor dan mengevaluasi kinerja layanan di lingkup instansi.",
                    "Mengantisipasi dampak isu jangka panjang terhadap kebutuhan pemangku kepentingan.",
                    "Menjaga netralitas layanan dari pengaruh kepentingan politik."),
                   ("Monitors and evaluates service performance across the agency.",
                    "Anticipates the effect of long-term issues on stakeholders' needs.",
                    "Keeps services neutral and free of political interests.")),
            5: _lv("Mampu menciptakan kebijakan kepemerintahan yang baik dalam hal pelayanan publik yang "
                   "objektif, transparan, dan profesional.",
                   "Creates good-governance policies for objective, transparent and professional public service.",
                   ("Menyusun kebijakan pelayanan publik yang berdampak luas.",
                    "Menciptakan sistem pelayanan yang transparan dan akuntabel di tingkat nasional.",
                    "Menjadi rujukan dalam praktik tata kelola pelayanan yang baik."),
                   ("Shapes public-service policy with wide impact.",
                    "Creates transparent and accountable service systems at the national level.",
                    "Is a reference for good service governance practice.")),
        }),
    NationalCompetency(
        "M.06", "manajerial", {"id": "Pengembangan Diri dan Orang Lain",
                               "en": "Developing Self and Others"},
        {"id": "Kemampuan untuk meningkatkan pengetahuan dan menyempurnakan keterampilan diri; menginspirasi "
               "orang lain untuk mengembangkan dan menyempurnakan pengetahuan dan keterampilan yang relevan "
               "dengan kerja dan pengembangan karier jangka panjang.",
         "en": "Increases their own knowledge and skills; inspires others to develop the knowledge and skills "
               "that matter for their work and long-term career."},
        {
            1: _lv("Pengembangan diri.", "Develops themself.",
                   ("Mengidentifikasi kebutuhan pengembangan diri dan menyeleksi sumber serta metodologi "
                    "pembelajaran yang diperlukan.",
                    "Menunjukkan usaha mandiri untuk mempelajari keterampilan atau kemampuan baru.",
                    "Meminta dan memanfaatkan umpan balik untuk perbaikan diri."),
                   ("Identifies their own development needs and chooses learning sources and methods.",
                    "Makes their own effort to learn new skills.",
                    "Asks for and uses feedback to improve.")),
            2: _lv("Meningkatkan kemampuan bawahan dengan memberikan contoh dan penjelasan cara "
                   "melaksanakan suatu pekerjaan.",
                   "Raises colleagues' capability by showing and explaining how to do the work.",
                   ("Meningkatkan kemampuan bawahan dengan memberikan contoh, instruksi dan penjelasan.",
                    "Memberikan umpan balik yang konstruktif kepada rekan kerja.",
                    "Berbagi pengetahuan dan pengalaman kerja."),
                   ("Develops staff through examples, instruction and explanation.",
                    "Gives colleagues constructive feedback.",
                    "Shares knowledge and work experience.")),
            3: _lv("Memberikan umpan balik, membimbing.", "Gives feedback and coaches.",
                   ("Memberikan tugas-tugas yang menantang pada bawahan sebagai media belajar.",
                    "Mengamati bawahan dalam mengerjakan tugasnya dan memberikan umpan balik yang objektif.",
                    "Melakukan coaching dan mentoring secara teratur di unitnya."),
                   ("Gives staff challenging assignments to learn from.",
                    "Observes staff at work and gives objective feedback.",
                    "Coaches and mentors regularly in the unit.")),
            4: _lv("Menyusun program pengembangan jangka panjang dalam rangka mendorong manajemen "
                   "pembelajaran.",
                   "Designs long-term development programmes that foster learning management.",
                   ("Menyusun program pengembangan jangka panjang bersama-sama dengan bawahan.",
                    "Melaksanakan manajemen pembelajaran dan pengembangan di lingkup instansi.",
                    "Menyediakan sumber daya dan waktu untuk pengembangan pegawai."),
                   ("Designs long-term development programmes together with staff.",
                    "Runs learning and development management across the agency.",
                    "Provides resources and time for staff development.")),
            5: _lv("Menciptakan budaya belajar dan pengembangan yang berkesinambungan di tingkat instansi dan "
                   "nasional.",
                   "Creates a culture of continuous learning and development in the agency and nationally.",
                   ("Menciptakan situasi yang mendorong individu dan organisasi untuk terus belajar.",
                    "Merancang kebijakan pengembangan kompetensi ASN yang berdampak luas.",
                    "Menjadi pembimbing bagi pemimpin di instansi lain."),
                   ("Creates conditions that make people and organisations keep learning.",
                    "Designs civil-service development policy with wide impact.",
                    "Mentors leaders in other agencies.")),
        }),
    NationalCompetency(
        "M.07", "manajerial", {"id": "Mengelola Perubahan", "en": "Managing Change"},
        {"id": "Kemampuan dalam menyesuaikan diri dengan situasi yang baru atau berubah dan tidak bergantung "
               "secara berlebihan pada metode dan proses lama, mengambil tindakan untuk mendukung dan "
               "melaksanakan insiatif perubahan, memimpin usaha perubahan, mengambil tanggung jawab pribadi "
               "untuk memastikan perubahan berhasil diimplementasikan secara efektif.",
         "en": "Adapts to new or changing situations without clinging to old methods; supports and carries "
               "out change initiatives, leads change, and takes personal responsibility for implementing it "
               "effectively."},
        {
            1: _lv("Mengikuti perubahan dengan arahan.", "Follows change when guided.",
                   ("Sadar mengenai perubahan yang terjadi di organisasi dan berusaha menyesuaikan diri.",
                    "Mengikuti perubahan secara tertib sesuai arahan pimpinan.",
                    "Mempelajari cara kerja baru yang diperlukan."),
                   ("Is aware of change in the organisation and tries to adapt.",
                    "Follows change in an orderly way as directed.",
                    "Learns the new ways of working that are needed.")),
            2: _lv("Proaktif beradaptasi mengikuti perubahan.", "Adapts to change proactively.",
                   ("Menyesuaikan cara kerja lama dengan menerapkan metode/proses baru dengan bimbingan.",
                    "Menyampaikan manfaat perubahan kepada rekan kerja.",
                    "Memberikan masukan untuk kelancaran perubahan."),
                   ("Adjusts old ways of working to new methods with guidance.",
                    "Explains the benefits of change to colleagues.",
                    "Gives suggestions that help change go smoothly.")),
            3: _lv("Membantu orang lain mengikuti perubahan, mengantisipasi perubahan secara tepat.",
                   "Helps others through change and anticipates change correctly.",
                   ("Membantu orang lain dalam melakukan perubahan di unit kerjanya.",
                    "Menyesuaikan prioritas kerja secara berulang-ulang jika diperlukan.",
                    "Mengantisipasi perubahan yang dibutuhkan oleh unit kerjanya secara tepat."),
                   ("Helps others make changes in their unit.",
                    "Re-sets work priorities repeatedly when needed.",
                    "Anticipates the changes their unit needs.")),
            4: _lv("Memimpin perubahan pada unit kerja.", "Leads change in work units.",
                   ("Mengarahkan unit kerja untuk lebih siap dalam menghadapi perubahan.",
                    "Memimpin dan memastikan penerapan program-program perubahan di instansi.",
                    "Mengelola resistensi terhadap perubahan secara efektif."),
                   ("Gets units ready to face change.",
                    "Leads and secures the implementation of change programmes in the agency.",
                    "Manages resistance to change effectively.")),
            5: _lv("Menciptakan situasi yang mendukung perubahan di tingkat nasional.",
                   "Creates conditions that support change at the national level.",
                   ("Menciptakan kebijakan yang mendorong perubahan berkelanjutan.",
                    "Menjadi penggerak reformasi birokrasi lintas instansi.",
                    "Memastikan perubahan strategis berhasil diimplementasikan."),
                   ("Shapes policy that drives continuous change.",
                    "Drives bureaucratic reform across agencies.",
                    "Makes sure strategic change is implemented successfully.")),
        }),
    NationalCompetency(
        "M.08", "manajerial", {"id": "Pengambilan Keputusan", "en": "Decision Making"},
        {"id": "Kemampuan membuat keputusan yang baik secara tepat waktu dan dengan keyakinan diri setelah "
               "mempertimbangkan prinsip kehati-hatian, dirumuskan secara sistematis dan seksama berdasarkan "
               "berbagai informasi, alternatif pemecahan masalah dan konsekuensinya, serta bertanggung jawab "
               "atas keputusan yang diambil.",
         "en": "Makes good decisions on time and with confidence after due care, formulated systematically "
               "from the available information, alternatives and their consequences, and owns the decisions "
               "taken."},
        {
            1: _lv("Mengumpulkan informasi untuk bertindak sesuai kewenangan.",
                   "Gathers information to act within their authority.",
                   ("Mengumpulkan dan mempertimbangkan informasi yang dibutuhkan dalam mencari solusi.",
                    "Mengenali situasi/pilihan yang tepat untuk bertindak sesuai kewenangan.",
                    "Mempertimbangkan kemungkinan solusi yang dapat diterapkan dalam pekerjaan rutin."),
                   ("Gathers and weighs the information needed to find a solution.",
                    "Recognises the right moment and option to act within their authority.",
                    "Considers workable solutions in routine work.")),
            2: _lv("Menganalisis masalah secara mendalam.", "Analyses problems in depth.",
                   ("Melakukan analisis secara mendalam terhadap informasi yang tersedia.",
                    "Membuat berbagai alternatif solusi beserta konsekuensinya.",
                    "Memilih alternatif solusi terbaik berdasarkan analisis."),
                   ("Analyses the available information in depth.",
                    "Sets out alternative solutions with their consequences.",
                    "Chooses the best alternative on the strength of the analysis.")),
            3: _lv("Membandingkan berbagai alternatif, menyeimbangkan risiko keberhasilan dalam "
                   "implementasi.",
                   "Compares alternatives and balances the risks of implementation.",
                   ("Membandingkan berbagai alternatif tindakan dan implikasinya.",
                    "Memilih alternatif solusi yang terbaik, membuat keputusan operasional mengacu pada "
                    "alternatif solusi terbaik.",
                    "Bertanggung jawab atas keputusan unit kerjanya."),
                   ("Compares alternative actions and their implications.",
                    "Chooses the best alternative and takes operational decisions accordingly.",
                    "Owns the decisions of their unit.")),
            4: _lv("Menyelesaikan masalah yang mengandung risiko tinggi, mengantisipasi dampak keputusan, "
                   "membuat tindakan pengamanan; mitigasi risiko.",
                   "Resolves high-risk problems, anticipates the impact of decisions and mitigates risk.",
                   ("Menyusun dan/atau memutuskan konsep penyelesaian masalah yang melibatkan beberapa unit.",
                    "Mengantisipasi dampak keputusan dan menyiapkan tindakan pengamanan.",
                    "Membuat keputusan yang berisiko tinggi dengan tetap mengikuti prinsip kehati-hatian."),
                   ("Designs or decides solutions to problems spanning several units.",
                    "Anticipates the effect of decisions and prepares safeguards.",
                    "Takes high-risk decisions while observing prudence.")),
            5: _lv("Menghasilkan solusi dan mengambil keputusan untuk mengatasi permasalahan jangka panjang/"
                   "strategis, berdampak nasional.",
                   "Produces solutions and takes decisions on long-term, strategic problems with national impact.",
                   ("Menghasilkan solusi dari berbagai masalah yang kompleks terkait bidang kerjanya yang "
                    "berdampak pada pihak lain.",
                    "Membuat keputusan strategis yang berdampak nasional dan jangka panjang.",
                    "Bertanggung jawab penuh atas konsekuensi keputusan strategis."),
                   ("Solves complex problems in their field that affect others.",
                    "Takes strategic decisions with long-term, national impact.",
                    "Takes full responsibility for the consequences of strategic decisions.")),
        }),
    NationalCompetency(
        "SK.01", "sosial_kultural", {"id": "Perekat Bangsa", "en": "Nation Binder"},
        {"id": "Kemampuan dalam mempromosikan sikap toleransi, keterbukaan, peka terhadap perbedaan "
               "individu/kelompok masyarakat; mampu menjadi perpanjangan tangan pemerintah dalam "
               "mempersatukan masyarakat dan membangun hubungan sosial psikologis dengan masyarakat di tengah "
               "kemajemukan Indonesia sehingga menciptakan kelekatan yang kuat antara ASN dan para pemangku "
               "kepentingan serta di antara para pemangku kepentingan itu sendiri; menjaga, mengembangkan, "
               "dan mewujudkan rasa persatuan dan kesatuan dalam kehidupan bermasyarakat, berbangsa dan "
               "bernegara Indonesia.",
         "en": "Promotes tolerance and openness and is sensitive to differences between people and groups; "
               "acts for the government in uniting society and building bonds with communities across "
               "Indonesia's diversity; keeps and strengthens national unity."},
        {
            1: _lv("Peka memahami dan menerima kemajemukan.", "Understands and accepts diversity.",
                   ("Mampu memahami, menerima, peka terhadap perbedaan individu/kelompok masyarakat.",
                    "Terbuka, ingin belajar tentang perbedaan/kemajemukan masyarakat.",
                    "Mampu bekerja bersama dengan individu yang berbeda latar belakang dengannya."),
                   ("Understands, accepts and is sensitive to individual and group differences.",
                    "Is open to learning about diversity in society.",
                    "Works well with people of different backgrounds.")),
            2: _lv("Aktif mengembangkan sikap saling menghargai, menekankan persamaan dan persatuan.",
                   "Actively fosters mutual respect, stressing common ground and unity.",
                   ("Menampilkan sikap dan perilaku yang peduli akan nilai-nilai keberagaman dan menghargai "
                    "perbedaan.",
                    "Membangun hubungan baik antarindividu dalam organisasi, mitra kerja, pemangku "
                    "kepentingan.",
                    "Bersikap tenang, mampu mengendalikan emosi, kemarahan dan frustrasi dalam menghadapi "
                    "pertentangan yang ditimbulkan oleh perbedaan latar belakang."),
                   ("Shows care for diversity and respect for difference.",
                    "Builds good relationships within the organisation and with partners and stakeholders.",
                    "Stays calm and in control in conflicts arising from different backgrounds.")),
            3: _lv("Mengembangkan sikap saling menghargai, menekankan persamaan dan persatuan.",
                   "Develops mutual respect, common ground and unity in the unit.",
                   ("Mempromosikan, mengembangkan sikap toleransi dan persatuan di unit kerjanya.",
                    "Mampu mendayagunakan perbedaan latar belakang, agama/kepercayaan, suku, jender, sosial "
                    "ekonomi, preferensi politik untuk mencapai kelancaran pencapaian tujuan organisasi.",
                    "Mampu membuat program yang mengakomodasi perbedaan latar belakang dalam unit kerjanya."),
                   ("Promotes tolerance and unity in their unit.",
                    "Draws on differences of background, faith, ethnicity, gender, social standing and "
                    "political preference to reach the organisation's goals.",
                    "Designs programmes that accommodate different backgrounds in the unit.")),
            4: _lv("Mendayagunakan perbedaan secara konstruktif dan kreatif untuk meningkatkan efektivitas "
                   "organisasi.",
                   "Uses differences constructively and creatively to make the organisation more effective.",
                   ("Menjadi mediator untuk menyelesaikan konflik atau mengurangi dampak negatif dari "
                    "konflik atau potensi konflik.",
                    "Menciptakan program yang merekatkan keberagaman di lingkup instansi.",
                    "Membangun hubungan yang harmonis dengan kelompok masyarakat yang beragam."),
                   ("Mediates to resolve conflict or reduce its harm.",
                    "Creates programmes that bind diverse groups across the agency.",
                    "Builds harmonious relationships with diverse communities.")),
            5: _lv("Wakil pemerintah untuk membangun hubungan sosial psikologis.",
                   "Represents the government in building social and psychological bonds with society.",
                   ("Menjadi wakil pemerintah yang mampu membangun hubungan sosial psikologis dengan "
                    "masyarakat sehingga menciptakan kelekatan yang kuat.",
                    "Membuat kebijakan yang mengakomodasi perbedaan latar belakang untuk persatuan bangsa.",
                    "Menjadi teladan dalam menjaga persatuan di tingkat nasional."),
                   ("Represents the government in building strong bonds with society.",
                    "Shapes policy that accommodates differences for national unity.",
                    "Sets the example of safeguarding unity at the national level.")),
        }),
)

BY_CODE = {c.code: c for c in NATIONAL}
CODES = tuple(BY_CODE)


def lang(locale) -> str:
    return "en" if str(locale or "id").startswith("en") else "id"


def text(mapping: dict[str, str], locale) -> str:
    return mapping[lang(locale)]


def levels_for(code: str, locale) -> list[dict]:
    """[{level, description, indicators}] of a national competency in the reader's language."""
    comp = BY_CODE[code]
    lg = lang(locale)
    return [{"level": n, "description": comp.levels[n].description[lg],
             "indicators": list(comp.levels[n].indicators[lg])} for n in LEVELS]
