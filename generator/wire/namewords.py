"""The words that tell a name in news copy from what is not one: titles, places, days, and the like.

Kept apart from the rules in ``names.py`` so that a newsroom can see and extend
the lists at a glance. Every list is of words as written in English wire copy.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Titles and honorifics before a name; abbreviated ones as written, with their dot.
TITLES = _words(
    "President Vice Prime Minister Secretary Secretary-General Undersecretary Under Assistant Deputy "
    "Lance Gen. Lt. Maj. Brig. Col. Capt. Cpt. Sgt. Adm. Cmdr. Cpl. Pvt. Gen Adm General Admiral Colonel "
    "Major Captain Lieutenant Sergeant Commander Marshal Field "
    "Sen. Rep. Gov. Senator Representative Congressman Congresswoman Governor Mayor Speaker "
    "Ayatollah Grand Sheikh Sheik Imam Mullah Cleric Hojatoleslam Cardinal Pope Rabbi Rev. Bishop "
    "Mr. Mrs. Ms. Dr. Prof. Mr Mrs Ms Dr Professor Sir Dame Lord Lady "
    "King Queen Prince Princess Crown Emir Sultan Sheikha "
    "Chairman Chairwoman Chair Chancellor Ambassador Envoy Spokesman Spokeswoman Spokesperson "
    "Judge Justice Chief Director Attorney Commissioner Inspector Premier Leader Foreign Defense Defence "
    "Interior Finance Treasury Intelligence Acting Former Supreme Senior Top Special Presidential "
    "National Security Adviser Advisor Energy Health Homeland Justice Commerce State Staff Affairs "
    "Joint Chiefs House Majority Minority Senate Whip Navy Army Air Force Marine Corps Military"
)
# Titles that are courtesy only: they give no role.
HONORIFICS = _words("Mr. Mrs. Ms. Dr. Mr Mrs Ms Dr Sir Dame")
# The full words of abbreviated titles, for a role: "Gen." → "General".
TITLE_WORDS = {
    "Gen.": "General", "Lt.": "Lieutenant", "Maj.": "Major", "Brig.": "Brigadier", "Col.": "Colonel",
    "Capt.": "Captain", "Cpt.": "Captain", "Sgt.": "Sergeant", "Adm.": "Admiral", "Cmdr.": "Commander",
    "Cpl.": "Corporal", "Pvt.": "Private", "Sen.": "Senator", "Rep.": "Representative",
    "Gov.": "Governor", "Prof.": "Professor", "Rev.": "Reverend",
}  # fmt: skip
# Words that make a capitalised run an organisation's name.
ORGANIZATION_WORDS = _words(
    "Ministry Council Corps Party Force Forces Command Department Agency Army Guard Guards Committee "
    "Organization Organisation Union Bank Court Parliament Assembly Front Movement Brigade Brigades "
    "Hezbollah University Institute Company Corporation Airlines Airways Association Commission "
    "Office Service Services Nations Authority Fund League Alliance Coalition Battalion Division "
    "Regiment Navy Senate Congress Cabinet Foundation Federation Network Bureau Mission Agency "
    "Mobilization Administration Group Inc. Ltd. Center Centre Tribunal Majlis Legion Watch "
    "International Red Crescent Cross Caucus Board Chiefs Taliban Hamas Qaeda Representatives Commons "
    "Lords Conference Fleet Knesset Sejm Duma Bundestag"
)
# Organisation words that are names by themselves.
PROPER_ORGANIZATIONS = _words(
    "Taliban Hamas Hezbollah Qaeda Knesset Sejm Duma Bundestag Majlis Pentagon Kremlin"
)
# Organisation words that say too little alone: "Foreign Ministry", "the Army" are no one's name.
GENERIC_ORGANIZATION = _words(
    "Foreign Defense Defence Interior Justice Finance Health Treasury Affairs Intelligence "
    "Security National Federal Armed Air Supreme High Joint Special Islamic Iranian Iraqi "
    "American U.S. US Israeli Saudi British French Russian Chinese Syrian Lebanese Turkish "
    "Afghan Kurdish Ukrainian Canadian European the of and for Internal Energy Military General "
    "Presidential Prime Minister's Minister Cabinet Office Ministry Army Navy Senate "
    "Congress Parliament Government Police"
)
# Words that end a title and are no part of a name: "Secretary of State Mike Pompeo".
ROLE_TAIL = _words(
    "State Defense Defence Staff Affairs Interior Treasury Justice Energy Homeland Security Health "
    "Commerce House Senate Navy Army Force Corps Intelligence Finance Foreign General"
)
# Lower-case words inside a name: "Mohammed bin Salman", "Ursula von der Leyen".
PARTICLES = _words("bin ibn bint al el de del della der den van von da di du la le dos das y ter ten")
# Prefixes joined to a name by a hyphen: "al-Zarqawi", "el-Sisi".
NAME_PREFIXES = ("al-", "el-", "ad-", "as-", "ash-", "at-", "az-", "ar-", "an-", "ibn-", "bin-", "abu-")
# Words a name may end with after the family name.
SUFFIXES = _words("Jr. Sr. Jr Sr II III IV")
# Connectors allowed inside organisation names: "Ministry of Foreign Affairs".
CONNECTORS = _words("of the for and on")

DAYS_AND_MONTHS = _words(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mon. Tue. Tues. Wed. Thu. Thurs. Fri. "
    "Sat. Sun. January February March April May June July August September October November December "
    "Jan. Feb. Mar. Apr. Jun. Jul. Aug. Sep. Sept. Oct. Nov. Dec. Christmas Easter Ramadan Eid Nowruz Thanksgiving"
)
# Capitalised words that start sentences or headlines and name no one.
STOPWORDS = _words(
    "The A An And But Or Nor So Yet For In On At By To From With Without Within Into Onto Upon Of Off "
    "After Before During Since Until Till While When Whenever Where Wherever Why How What Which Who "
    "Whom Whose That This These Those There Here Then Now Today Tonight Yesterday Tomorrow It Its "
    "He She They We I You Me Him Her Them Us His Hers Their Theirs Our Ours Your My Mine "
    "If Unless Although Though Because As Also Still Even Only Just Already However Instead Meanwhile "
    "Moreover Furthermore Nevertheless Nonetheless Otherwise Indeed Earlier Later Last Next First "
    "Second Third Finally Some Many Most Much More Less Few Several Both Each Every Either Neither No "
    "Not None Nothing Any All Other Another Such One Two Three Four Five Six Seven Eight Nine Ten "
    "Hundreds Thousands Dozens Millions According Asked Speaking Under Over Above Below Across Against "
    "Amid Among Around Along Behind Beyond Despite Except Inside Outside Through Throughout Toward "
    "Towards Via Like Unlike Officials Witnesses Residents Analysts Critics Protesters Mourners "
    "Supporters Lawmakers Democrats Republicans Troops Soldiers Forces Police Authorities Reporters "
    "Experts Diplomats Sources Investigators Prosecutors Militants Fighters Rockets Missiles Drones "
    "Iraqis Iranians Americans Israelis Saudis Kurds Shiites Sunnis Muslims Christians Western "
    "Mr Yes Oh Well Please Thank Thanks Let Perhaps Maybe Nobody Everyone Anyone Someone Whether Once "
    "Twice Again Never Always Often Sometimes Soon Late Early Overnight Immediately Shortly Hours Days "
    "Weeks Months Years Minutes Newly Separately Together Alone Clearly Fighting Following Including "
    "Video Photos Footage State-run Satellite Breaking Update Editor's Note Related Read"
)
# Adjectives of nationality or faith: part of a role ("Iraqi Prime Minister"), never of a name.
NATIONALITIES = _words(
    "American U.S. US Iranian Iraqi Syrian Lebanese Israeli Palestinian Saudi Emirati Qatari Kuwaiti "
    "Bahraini Omani Yemeni Jordanian Egyptian Turkish Kurdish Afghan Pakistani Indian Chinese Russian "
    "Ukrainian British French German Italian Spanish Canadian Mexican Brazilian Japanese Korean "
    "European Arab Persian Western Shiite Sunni Shia Muslim Christian Jewish Islamic Libyan Tunisian "
    "Algerian Moroccan Sudanese Ethiopian Somali Nigerian Kenyan Australian Dutch Belgian Swiss Swedish "
    "Norwegian Danish Finnish Polish Greek Armenian Azerbaijani Georgian Belarusian Iraqi-Kurdish "
    "Republican Democratic Democrat Conservative Liberal Labour Gulf Baathist Houthi Taliban Yazidi"
)
# Places a wire story names often; a run made only of place words is a place.
PLACES = _words(
    "Afghanistan Albania Algeria Angola Argentina Armenia Australia Austria Azerbaijan Bahrain "
    "Bangladesh Belarus Belgium Bolivia Bosnia Brazil Britain Bulgaria Cambodia Cameroon Canada Chad "
    "Chile China Colombia Congo Croatia Cuba Cyprus Czechia Denmark Djibouti Ecuador Egypt England "
    "Eritrea Estonia Ethiopia Europe Finland France Gaza Georgia Germany Ghana Greece Guatemala Haiti "
    "Honduras Hungary Iceland India Indonesia Iran Iraq Ireland Israel Italy Japan Jordan Kazakhstan "
    "Kenya Kosovo Kuwait Kyrgyzstan Laos Latvia Lebanon Libya Lithuania Luxembourg Macedonia Malaysia "
    "Mali Malta Mexico Moldova Mongolia Montenegro Morocco Mozambique Myanmar Namibia Nepal "
    "Netherlands Nicaragua Niger Nigeria Norway Oman Pakistan Palestine Panama Paraguay Peru "
    "Philippines Poland Portugal Qatar Romania Russia Rwanda Scotland Senegal Serbia Singapore Slovakia "
    "Slovenia Somalia Spain Sudan Sweden Switzerland Syria Taiwan Tajikistan Tanzania Thailand Tunisia "
    "Turkey Turkmenistan Uganda Ukraine Uruguay Uzbekistan Venezuela Vietnam Wales Yemen Zambia "
    "Zimbabwe America Africa Asia Antarctica Arctic Crimea Kurdistan Balkans Caucasus Levant Sinai "
    "Baghdad Basra Mosul Erbil Kirkuk Najaf Karbala Fallujah Ramadi Tikrit Samarra Anbar Diyala Nineveh "
    "Tehran Isfahan Mashhad Qom Shiraz Tabriz Ahvaz Kerman Bushehr Natanz Fordo Arak Bandar Abbas "
    "Damascus Aleppo Homs Idlib Raqqa Deir Beirut Amman Riyadh Jeddah Dubai Doha Manama Muscat Sanaa "
    "Aden Cairo Jerusalem Tel Aviv Ankara Istanbul Kabul Kandahar Islamabad Karachi Kyiv Kiev Moscow "
    "Minsk Warsaw Berlin Paris London Brussels Geneva Vienna Rome Madrid Lisbon Athens Stockholm Oslo "
    "Beijing Shanghai Tokyo Seoul Delhi Mumbai Ottawa Toronto Montreal Vancouver Edmonton Winnipeg "
    "Washington York Boston Chicago Houston Dallas Miami Atlanta Denver Seattle Phoenix Detroit "
    "Florida Texas California Virginia Maryland Ohio Michigan Pennsylvania Carolina Arizona Nevada "
    "Iowa Kentucky Tennessee Alabama Louisiana Missouri Minnesota Wisconsin Illinois Indiana Utah "
    "Colorado Oregon Massachusetts Connecticut Jersey Hampshire Vermont Maine Delaware Mississippi "
    "Arkansas Oklahoma Kansas Nebraska Dakota Montana Wyoming Idaho Alaska Hawaii Guam Brunswick "
    "Hormuz Euphrates Tigris Gulf Persian Oman Caspian Mediterranean Red Black Dead Sea Strait Bay "
    "Golan Heights Bank Strip West East North South Middle Near Far Northern Southern Eastern "
    "Central Upper Lower Green Zone Capitol Hill Pentagon White Downing Street Mar-a-Lago Tahrir "
    "Square Sadr City Saudi Arabia United States Kingdom Emirates Arab Lanka Sri Korea Zealand New "
    "Los Angeles San Francisco Diego Las Vegas Hong Kong Qasr Ain Asad Taji Balad Incirlik Ramstein "
    "Al Udeid Qaim Bukamal Abu Ghraib Hill Camp Fort Bragg Lejeune Dover Andrews Quantico"
)
# Words that make a run a place, wherever they stand in it.
PLACE_WORDS = _words(
    "Airport Base Street Avenue Road Square Province Governorate District County City Strait Gulf Sea "
    "Ocean River Mountains Mountain Island Islands Valley Bay Desert Canal Peninsula Plain Lake Bridge "
    "Hotel Hospital Embassy Consulate Palace Mosque Shrine Church Cathedral Stadium Zone Crossing Camp "
    "Prison Port Harbor Harbour Field Park Building Tower Towers Hall Plaza Boulevard Highway Village "
    "Region Republic Emirates Kingdom Territories Heights Coast Border Cemetery"
)
# Given names common in the news, for names that come with no title, role or short mention.
GIVEN_NAMES = _words(
    "Mohammed Muhammad Mohammad Mohamed Ahmed Ahmad Ali Hassan Hussein Hussain Mahmoud Mahmud Mustafa "
    "Omar Umar Abdul Abdel Abdullah Abdallah Khalid Khaled Ibrahim Ismail Yusuf Youssef Jamal Karim "
    "Kareem Hamid Hamed Saeed Said Majid Javad Qassem Qasem Esmail Reza Mahmood Hadi Haider Hayder "
    "Nouri Adel Moqtada Muqtada Ammar Fuad Fouad Tariq Tarek Walid Nabil Samir Sami Rami Faisal Fahd "
    "Salman Tamim Zayed Bashar Hafez Recep Mevlut Benjamin Naftali Yair Avigdor Ehud Hossein Mojtaba "
    "Ebrahim Abbas Akbar Mehdi Amir Ali-Akbar Kazem Masoud Massoud Nasser Jafar Jaafar Mostafa Laith "
    "Osama Ayman Abu Qais Hashim Hashem Barham Nechirvan Masrour Mustafa Kadhimi Fatima Zainab "
    "Maryam Leila Layla Nadia Rania Sara Sarah Noor Nour Hana Huda Amal "
    "John James Robert Michael William David Richard Joseph Thomas Charles Christopher Daniel Matthew "
    "Anthony Mark Donald Steven Paul Andrew Joshua Kenneth Kevin Brian George Timothy Ronald Edward "
    "Jason Jeffrey Ryan Jacob Gary Nicholas Eric Jonathan Stephen Larry Justin Scott Brandon Frank "
    "Gregory Raymond Samuel Patrick Alexander Jack Dennis Jerry Tyler Aaron Jose Adam Henry Nathan "
    "Douglas Zachary Peter Kyle Walter Ethan Jeremy Harold Keith Christian Roger Noah Gerald Carl "
    "Terry Sean Austin Arthur Lawrence Jesse Dylan Bryan Joe Jordan Billy Bruce Albert Willie Gabriel "
    "Logan Alan Juan Wayne Roy Ralph Randy Eugene Vincent Russell Elijah Louis Bobby Philip Johnny "
    "Mike Chuck Bernie Nancy Hillary Bill Lindsey Mitch Ted Tim Tom Rand Marco Elizabeth Kamala "
    "Jim Chris Dan Ben Sam Matt Nick Tony Rick Rex Lloyd Jake Antony Ashton Chuck Leon Robert Colin "
    "Condoleezza Madeleine Samantha Susan Nikki Kelly Kelly Mary Patricia Jennifer Linda Barbara "
    "Margaret Sandra Ashley Dorothy Kimberly Emily Donna Michelle Carol Amanda Melissa Deborah "
    "Stephanie Rebecca Sharon Laura Cynthia Kathleen Amy Angela Shirley Anna Brenda Pamela Emma "
    "Nicole Helen Samantha Katherine Christine Debra Rachel Carolyn Janet Catherine Maria Heather "
    "Diane Ruth Julie Olivia Joyce Virginia Victoria Kelly Lauren Christina Joan Evelyn Judith "
    "Megan Andrea Cheryl Hannah Jacqueline Martha Gloria Teresa Ann Madison Frances Kathryn Janice "
    "Jean Abigail Alice Judy Sophia Grace Denise Amber Doris Marilyn Danielle Beverly Isabella "
    "Theresa Diana Natalie Brittany Charlotte Marie Kayla Alexis Lori Ilhan Alexandria Jeanne "
    "Emmanuel Angela Boris Theresa Jeremy Keir Rishi Liz Dominic Vladimir Sergei Sergey Dmitry Dmitri "
    "Volodymyr Oleksii Olaf Annalena Ursula Josep Charles Jean-Yves Jens Antonio Giuseppe Mario "
    "Pedro Xi Wang Li Narendra Imran Shinzo Fumio Moon Yoon Kim Justin Chrystia Francois Marc "
    "Ahmet Tayyip Hakan Ilham Nikol Vladimir Alexei Yevgeny Kirill Yulia Petro Arseniy"
)
# Lower-case nouns that make the words before a name a role: "Shiite cleric Moqtada al-Sadr".
ROLE_NOUNS = _words(
    "minister president secretary commander chief leader spokesman spokeswoman spokesperson official "
    "adviser advisor ambassador envoy general admiral chairman chairwoman chair director head governor "
    "mayor senator lawmaker legislator representative cleric analyst researcher professor lawyer "
    "attorney judge prosecutor founder deputy aide correspondent reporter editor executive officer "
    "colonel captain sergeant soldier diplomat negotiator king prince emir candidate member activist "
    "economist historian scholar fellow student engineer doctor pilot victim survivor relative widow "
    "brother sister son daughter father mother wife husband owner manager speaker strategist expert "
    "commentator investigator inspector coordinator organizer protester witness militant fighter "
    "cofounder co-founder successor predecessor mentor physician commentator guard veteran marine "
    "contractor translator interpreter journalist photographer writer author novelist poet artist"
)
# First words of an apposition that make it no role: "Austin, who ...", "Austin, said ...".
NOT_ROLE_START = _words(
    "who whom whose which that said says told added adds and but or nor he she they it we i you "
    "according in on at as after before when while where if though although because since until "
    "with without by from for to into of also however then now still yet so not was is were are has "
    "had have will would could should may might did does do being been having saying adding "
    "telling calling urging warning speaking"
)
# Lower-case words that make the name after them an organisation's: "the militia Asaib Ahl al-Haq".
ORGANIZATION_NOUNS = _words(
    "militia group movement party faction organization organisation network company firm agency "
    "newspaper channel broadcaster coalition alliance bloc"
)
